// /digest subscribe time:<HH:MM> timezone:<IANA> | unsubscribe | status | preview.
// Changing a channel's digest needs Manage Channels (checked here, on top of the command's
// default_member_permissions, which a server admin may relax). Every reply is private.
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { statusLines, TIME_EXAMPLE, TIMEZONE_EXAMPLE } from '../../common/digest.js';
import { subscribeProblem } from '../../common/messages.js';
import { suggestTimeZones } from '../../../digest/schedule.js';
import { digestCommand } from '../definitions.js';
import { escapeDiscord } from '../markdown.js';
import { LIMITS, renderDigest, textMessage } from '../render.js';
import { replyNotice } from '../reply.js';
import { catalogueFor, type DiscordCommand } from './command.js';
import { withTokenLife } from '../retry.js';

const PLATFORM = 'discord';
const SUBSCRIBE_EXAMPLE = `\`/digest subscribe time:${TIME_EXAMPLE} timezone:${TIMEZONE_EXAMPLE}\``;

export const digest: DiscordCommand = {
  definition: digestCommand,

  async execute(interaction, ctx) {
    const m = catalogueFor(interaction);
    const notice = (text: string) => replyNotice(interaction, escapeDiscord(text));
    const service = ctx.digest;
    if (!service) return notice(m.digestsOff);
    if (service.unavailable) return notice(m.digestsUnavailable(service.unavailable));
    const channel = interaction.channelId;
    if (!interaction.inGuild() || !channel) return notice(m.digestInChannel);
    const sub = interaction.options.getSubcommand(true);
    const mayManage = interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false;

    if (sub === 'subscribe' || sub === 'unsubscribe') {
      if (!mayManage) return notice(m.digestNeedsManageChannels);
    }
    if (sub === 'subscribe') {
      const time = interaction.options.getString('time', true);
      const timezone = interaction.options.getString('timezone', true);
      const problem = subscribeProblem(m, time, timezone);
      const result = problem ? null : await service.subscribe({ platform: PLATFORM, channel, time, timezone, createdBy: interaction.user.id });
      if (!result?.ok)
        return replyNotice(
          interaction,
          `${escapeDiscord(problem ?? (result && !result.ok ? result.error : ''))}\n${escapeDiscord(m.forExample('\u0000')).replace('\u0000', SUBSCRIBE_EXAMPLE)}`,
        );
      await ctx.store.setChannelLanguage(PLATFORM, channel, m.lang);
      const { time: at, timezone: zone } = result.subscription;
      const next = result.next
        ? `\n${escapeDiscord(m.digestFirst(`${m.dateTime(result.next, zone)} (\u0000)`)).replace('\u0000', `<t:${Math.floor(result.next.getTime() / 1000)}:R>`)}`
        : '';
      return replyNotice(interaction, `${escapeDiscord(m.digestSubscribed(at, zone))}${next}`);
    }
    if (sub === 'unsubscribe') {
      const removed = await service.unsubscribe(PLATFORM, channel);
      return notice(removed ? m.digestUnsubscribed : m.digestNoneHere);
    }
    if (sub === 'status') {
      const status = await service.status(PLATFORM, channel);
      const lines = statusLines(status, '\u0000', m).map((l) => escapeDiscord(l).replace('\u0000', SUBSCRIBE_EXAMPLE));
      if (status.subscription) lines[0] = `**${lines[0]}**`;
      return replyNotice(interaction, lines.join('\n'));
    }
    if (sub === 'preview') {
      const digestNow = await service.preview(PLATFORM, channel);
      const messages = renderDigest(digestNow, m);
      if (digestNow.count === 0 && service.quietDay === 'skip') {
        const only = messages[0];
        messages[0] = textMessage(`${only.content}\n_${escapeDiscord(m.digestQuietSkipped)}_`.slice(0, LIMITS.content));
      }
      const [first, ...rest] = messages;
      await interaction.reply({ ...first, flags: MessageFlags.Ephemeral });
      // Each page retried with backoff while the interaction token lives: no page of a preview is lost.
      for (const m of rest)
        await withTokenLife(interaction, () => interaction.followUp({ ...m, flags: MessageFlags.Ephemeral }), {
          what: 'digest preview page',
          baseMs: ctx.retryBaseMs,
          logger: ctx.logger,
        });
      return;
    }
    throw new Error(`unknown /digest subcommand: ${sub}`);
  },

  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'timezone') return interaction.respond([]);
    const zones = suggestTimeZones(String(focused.value).slice(0, LIMITS.choiceValue), LIMITS.choices);
    await interaction.respond(zones.map((z) => ({ name: z, value: z })));
  },
};
