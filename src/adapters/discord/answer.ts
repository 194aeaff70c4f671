// One page of an answer, rendered for Discord and remembered in the conversation store, so that
// its buttons ("More excerpts", "Share in channel", 👍 / 👎) carry only the answer's id and keep
// working after a restart. Shared by /ask, its buttons, mentions, DMs and follow-ups.
import type { Messages } from '../common/messages.js';
import { newAnswerId, type AnswerRecord, type NewAnswer } from '../../state/conversation-store.js';
import { customId, type CommandContext } from './commands/command.js';
import { renderAnswer, type AnswerButtons, type DiscordMessage } from './render.js';

/** Excerpts per message. */
export const PAGE_SIZE = 3;
export const ASK_BUTTONS = 'ask';
export const FEEDBACK_BUTTONS = 'fb';

export interface PageRequest {
  /** What the user wrote; `query` is what is searched (the follow-up read with its thread). */
  question: string;
  query: string;
  start: number;
  private: boolean;
  m: Messages;
  channel: string;
  thread: string | null;
  /** Plain text above the embed, e.g. "Shared by …" (already markdown). */
  content?: string;
}

export async function answerPage(ctx: CommandContext, req: PageRequest): Promise<{ message: DiscordMessage; record: AnswerRecord | null }> {
  // The engine may be synchronous or not: await either.
  const answer = await ctx.engine.ask(req.query, { limit: PAGE_SIZE, offset: req.start });
  // The buttons carry the answer's id: made now, the answer saved once the page is rendered.
  let toSave: NewAnswer & { id: string } | null = null;
  const { message } = renderAnswer(answer, {
    start: req.start,
    content: req.content,
    m: req.m,
    example: `\`/ask question:${req.m.askExample}\``,
    buttons: ({ shown, more }): AnswerButtons => {
      // Usage and length notices are not answers; "not in the articles" is (a vote on it is telling).
      if (!answer.answered && answer.reason !== 'not-found') return {};
      const record = (toSave = {
        id: newAnswerId(),
        platform: 'discord',
        channel: req.channel,
        thread: req.thread,
        kind: 'ask',
        question: req.question,
        query: req.query,
        lang: req.m.lang,
        start: req.start,
        shown,
        excerpts: answer.excerpts
          .slice(0, shown)
          .map((e) => ({ article: e.article.id, text: e.text, start: e.span?.start ?? null, end: e.span?.end ?? null })),
        private: req.private,
      });
      const buttons: AnswerButtons = {
        feedback: { up: customId(FEEDBACK_BUTTONS, 'up', record.id), down: customId(FEEDBACK_BUTTONS, 'down', record.id) },
      };
      if (more > 0) buttons.more = customId(ASK_BUTTONS, 'more', record.id);
      if (req.private) buttons.share = customId(ASK_BUTTONS, 'share', record.id);
      return buttons;
    },
  });
  const record: AnswerRecord | null = toSave ? await ctx.store.saveAnswer(toSave) : null;
  return { message, record };
}
