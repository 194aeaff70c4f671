// /ask question:<text> [private:<boolean>], and its buttons "More excerpts" and "Share in channel".
import { MessageFlags } from 'discord.js';
import { askCommand } from '../definitions.js';
import { renderAnswer, type AnswerButtons } from '../render.js';
import { replyInTime, replyNotice } from '../reply.js';
import { customId, withinRateLimit, type CommandContext, type DiscordCommand } from './command.js';

/** Excerpts per message. */
export const PAGE_SIZE = 3;

const NAME = askCommand.name;

/** Asks the engine and renders one page of the answer, with the buttons that fit. */
async function answerPage(
  ctx: CommandContext,
  question: string,
  start: number,
  options: { private: boolean; userId: string; content?: string },
) {
  // The engine may be synchronous or not: await either.
  const answer = await ctx.engine.ask(question, { limit: PAGE_SIZE, offset: start });
  return renderAnswer(answer, {
    start,
    content: options.content,
    buttons: ({ shown, more }): AnswerButtons => {
      const buttons: AnswerButtons = {};
      if (more <= 0 && !options.private) return buttons;
      const id = ctx.recent.remember({ kind: 'ask', text: question, offset: start + shown, userId: options.userId });
      if (more > 0) buttons.more = customId(NAME, 'more', id);
      if (options.private) buttons.share = customId(NAME, 'share', id, String(start));
      return buttons;
    },
  }).message;
}

export const ask: DiscordCommand = {
  definition: askCommand,

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    const isPrivate = interaction.options.getBoolean('private') ?? false;
    if (!(await withinRateLimit(interaction, ctx))) return;
    await replyInTime(interaction, { ephemeral: isPrivate, deferAfterMs: ctx.deferAfterMs }, () =>
      answerPage(ctx, question, 0, { private: isPrivate, userId: interaction.user.id }),
    );
  },

  async button(interaction, action, args, ctx) {
    const entry = ctx.recent.get(args[0] ?? '');
    if (!entry || entry.kind !== 'ask') {
      await replyNotice(interaction, 'This answer is too old for its buttons to work. Please ask again with `/ask`.');
      return;
    }
    if (action === 'more') {
      // The next excerpts, seen by the same people as the message they follow.
      const isPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
      if (!(await withinRateLimit(interaction, ctx))) return;
      await replyInTime(interaction, { ephemeral: isPrivate, deferAfterMs: ctx.deferAfterMs }, () =>
        answerPage(ctx, entry.text, entry.offset, { private: isPrivate, userId: interaction.user.id }),
      );
      return;
    }
    if (action === 'share') {
      // The same page, posted for everyone; no ping for the sharer either.
      const start = Number(args[1] ?? 0) || 0;
      await replyInTime(interaction, { ephemeral: false, deferAfterMs: ctx.deferAfterMs }, () =>
        answerPage(ctx, entry.text, start, {
          private: false,
          userId: interaction.user.id,
          content: `Shared by <@${interaction.user.id}>`,
        }),
      );
      return;
    }
    throw new Error(`unknown ask button action: ${action}`);
  },
};
