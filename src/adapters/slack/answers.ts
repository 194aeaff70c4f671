// An answer as posted in Slack, remembered in the conversation store: its id is the value of
// its 👍 / 👎 buttons, so a vote names the question and the excerpts it is about, after a restart too.
import type { Answer } from '../../core/types.js';
import type { Messages } from '../common/messages.js';
import type { SlackServices } from './handler.js';

export interface SaveAnswer {
  channel: string | undefined;
  thread: string | null;
  question: string;
  query: string;
  m: Messages;
  offset: number;
  private: boolean;
}

/**
 * The answer's id in the store, or undefined when there is nothing to vote on (a usage or length
 * notice, a page past the last excerpt). "Not in the articles" is kept: a vote tells a right
 * abstention from a miss.
 */
export async function saveAnswer(services: SlackServices, answer: Answer, req: SaveAnswer): Promise<string | undefined> {
  if (answer.answered ? answer.excerpts.length === 0 : answer.reason !== 'not-found') return undefined;
  const saved = await services.store.saveAnswer({
    platform: 'slack',
    channel: req.channel ?? '',
    thread: req.thread,
    kind: 'ask',
    question: req.question,
    query: req.query,
    lang: req.m.lang,
    start: req.offset,
    shown: answer.excerpts.length,
    excerpts: answer.excerpts.map((e) => ({ article: e.article.id, text: e.text, start: e.span?.start ?? null, end: e.span?.end ?? null })),
    private: req.private,
  });
  return saved.id;
}
