// /ask question:<text> [private:<boolean>], and its buttons "More excerpts" and "Share in channel".
// The buttons carry the id of the answer in the conversation store: they work after a restart.
import { MessageFlags } from 'discord.js';
import { answerPage, ASK_BUTTONS } from '../answer.js';
import { askCommand } from '../definitions.js';
import { escapeDiscord } from '../markdown.js';
import { withoutMentionMarkup } from '../mentions.js';
import { replyInTime, replyNotice } from '../reply.js';
import { catalogueFor, withinRateLimit, type DiscordCommand } from './command.js';

export { PAGE_SIZE } from '../answer.js';

export const ask: DiscordCommand = {
  definition: askCommand,
  buttonPrefix: ASK_BUTTONS,

  async execute(interaction, ctx) {
    const question = withoutMentionMarkup(interaction.options.getString('question', true));
    const isPrivate = interaction.options.getBoolean('private') ?? false;
    if (!(await withinRateLimit(interaction, ctx))) return;
    const m = catalogueFor(interaction, question);
    await replyInTime(interaction, { ephemeral: isPrivate, deferAfterMs: ctx.deferAfterMs, retryBaseMs: ctx.retryBaseMs, logger: ctx.logger }, async () =>
      (await answerPage(ctx, { question, query: question, start: 0, private: isPrivate, m, channel: interaction.channelId, thread: null })).message,
    );
  },

  async button(interaction, action, args, ctx) {
    const record = await ctx.store.answer(args[0] ?? '');
    const m = catalogueFor(interaction, record?.question);
    if (!record || record.kind !== 'ask') {
      await replyNotice(interaction, escapeDiscord(m.buttonExpired));
      return;
    }
    const page = { question: record.question, query: record.query, m, channel: interaction.channelId, thread: record.thread };
    if (action === 'more') {
      // The next excerpts, seen by the same people as the message they follow.
      const isPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
      if (!(await withinRateLimit(interaction, ctx))) return;
      await replyInTime(interaction, { ephemeral: isPrivate, deferAfterMs: ctx.deferAfterMs, retryBaseMs: ctx.retryBaseMs, logger: ctx.logger }, async () =>
        (await answerPage(ctx, { ...page, start: record.start + record.shown, private: isPrivate })).message,
      );
      return;
    }
    if (action === 'share') {
      // The same page, posted for everyone; no ping for the sharer either.
      await replyInTime(interaction, { ephemeral: false, deferAfterMs: ctx.deferAfterMs, retryBaseMs: ctx.retryBaseMs, logger: ctx.logger }, async () =>
        (await answerPage(ctx, { ...page, start: record.start, private: false, content: escapeDiscord(m.sharedBy('\u0000')).replace('\u0000', `<@${interaction.user.id}>`) }))
          .message,
      );
      return;
    }
    throw new Error(`unknown ask button action: ${action}`);
  },
};
