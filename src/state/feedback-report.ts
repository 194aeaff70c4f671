// `veille feedback`: what users said of the answers. The counts and the most down-voted
// questions as text, or (--jsonl) one line per voted answer in the shape of the eval question
// files (../shared/eval/README.md), so that a real miss becomes a test case: an up-voted answer's
// excerpts are its `gold`; a down-voted one's are `wrong`, and its `gold` is left for a person to
// fill. An up-voted "not in the articles" is an `offtopic` case; a down-voted one, an `ask` to fill.
import type { FeedbackRow } from './conversation-store.js';
import type { ConversationState } from './store.js';

export interface EvalCase {
  id: string;
  /** `offtopic`: the bot said "not in the articles" and users agreed. */
  kind: 'ask' | 'offtopic';
  /** What was searched (a follow-up as read with its thread). */
  q: string;
  /** What the user wrote, when it differs (a follow-up). */
  asked?: string;
  lang: 'en' | 'fr';
  /** Phrases a right answer contains: the cited excerpts of an up-voted answer (absent for offtopic). */
  gold?: string[];
  /** The cited excerpts of a down-voted answer. */
  wrong?: string[];
  votes: { up: number; down: number };
  platform: string;
}

/** One case per answer voted on, most down-voted first. */
export function feedbackCases(rows: FeedbackRow[]): EvalCase[] {
  const byAnswer = new Map<string, { row: FeedbackRow; up: number; down: number }>();
  for (const row of rows) {
    const entry = byAnswer.get(row.answerId) ?? { row, up: 0, down: 0 };
    entry[row.vote]++;
    byAnswer.set(row.answerId, entry);
  }
  return [...byAnswer.values()]
    .sort((a, b) => b.down - b.up - (a.down - a.up) || a.row.at.localeCompare(b.row.at))
    .map(({ row, up, down }) => {
      const excerpts = row.excerpts.map((e) => e.text);
      const helpful = up > down;
      const abstained = excerpts.length === 0;
      const base = { id: `fb-${row.answerId}`, q: row.query, ...(row.question !== row.query ? { asked: row.question } : {}), lang: row.lang };
      const tail = { votes: { up, down }, platform: row.platform };
      if (abstained && helpful) return { ...base, kind: 'offtopic' as const, ...tail };
      return {
        ...base,
        kind: 'ask' as const,
        gold: helpful ? excerpts : [],
        ...(helpful ? {} : { wrong: excerpts }),
        ...tail,
      };
    });
}

/** The text report: counts, then the most down-voted questions. */
export async function feedbackReport(store: Pick<ConversationState, 'summary'>, limit = 10): Promise<string> {
  const { up, down, worst } = await store.summary(limit);
  const total = up + down;
  if (total === 0) return 'No feedback yet.';
  const share = (n: number) => `${Math.round((n / total) * 100)}%`;
  const lines = [`${total} vote(s): ${up} 👍 (${share(up)}), ${down} 👎 (${share(down)}).`];
  if (worst.length) {
    lines.push('', 'Most down-voted questions:');
    for (const w of worst) lines.push(`  ${String(w.down).padStart(3)} 👎 ${String(w.up).padStart(3)} 👍  ${w.question}`);
  }
  return lines.join('\n');
}
