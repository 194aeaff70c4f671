// /digest subscribe time:<HH:MM> timezone:<IANA> | unsubscribe | status | preview.
// Changing a channel's digest needs Manage Channels (checked here, on top of the command's
// default_member_permissions, which a server admin may relax). Every reply is private.
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { statusLines, TIME_EXAMPLE, TIMEZONE_EXAMPLE } from '../../common/digest.js';
import { suggestTimeZones } from '../../../digest/schedule.js';
import { formatLocal } from '../../../digest/schedule.js';
import { digestCommand } from '../definitions.js';
import { escapeDiscord } from '../markdown.js';
import { LIMITS, renderDigest, textMessage } from '../render.js';
import { replyNotice } from '../reply.js';
import type { DiscordCommand } from './command.js';

const PLATFORM = 'discord';
const SUBSCRIBE_EXAMPLE = `\`/digest subscribe time:${TIME_EXAMPLE} timezone:${TIMEZONE_EXAMPLE}\``;

export const digest: DiscordCommand = {
  definition: digestCommand,

  async execute(interaction, ctx) {
    const service = ctx.digest;
    if (!service) return replyNotice(interaction, 'Daily digests are not enabled on this bot.');
    const channel = interaction.channelId;
    if (!interaction.inGuild() || !channel) return replyNotice(interaction, 'Use `/digest` in a server channel.');
    const sub = interaction.options.getSubcommand(true);
    const mayManage = interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false;

    if (sub === 'subscribe' || sub === 'unsubscribe') {
      if (!mayManage)
        return replyNotice(
          interaction,
          "You need the **Manage Channels** permission to change this channel's digest. `/digest status` and `/digest preview` are open to everyone.",
        );
    }
    if (sub === 'subscribe') {
      const result = service.subscribe({
        platform: PLATFORM,
        channel,
        time: interaction.options.getString('time', true),
        timezone: interaction.options.getString('timezone', true),
        createdBy: interaction.user.id,
      });
      if (!result.ok) return replyNotice(interaction, `${escapeDiscord(result.error)}\nFor example: ${SUBSCRIBE_EXAMPLE}`);
      const { time, timezone } = result.subscription;
      const next = result.next ? `\nFirst digest: ${formatLocal(result.next, timezone)} (<t:${Math.floor(result.next.getTime() / 1000)}:R>).` : '';
      return replyNotice(
        interaction,
        `Subscribed: the digest of new articles will be posted in this channel every day at **${time}** (${escapeDiscord(timezone)}).${next}`,
      );
    }
    if (sub === 'unsubscribe') {
      const removed = service.unsubscribe(PLATFORM, channel);
      return replyNotice(interaction, removed ? 'Unsubscribed: no more daily digest in this channel.' : 'This channel had no daily digest.');
    }
    if (sub === 'status') {
      const lines = statusLines(service.status(PLATFORM, channel), SUBSCRIBE_EXAMPLE);
      return replyNotice(interaction, lines.map((l, i) => (l.startsWith('No daily digest') ? l : i === 0 ? `**${escapeDiscord(l)}**` : escapeDiscord(l))).join('\n'));
    }
    if (sub === 'preview') {
      const digestNow = service.preview(PLATFORM, channel);
      const messages = renderDigest(digestNow);
      if (digestNow.count === 0 && service.quietDay === 'skip') {
        const only = messages[0];
        messages[0] = textMessage(`${only.content}\n_Nothing would be posted: quiet days are skipped._`.slice(0, LIMITS.content));
      }
      const [first, ...rest] = messages;
      await interaction.reply({ ...first, flags: MessageFlags.Ephemeral });
      for (const m of rest) await interaction.followUp({ ...m, flags: MessageFlags.Ephemeral });
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
