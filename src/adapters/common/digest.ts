// Platform-free wording of the /digest replies (plain text: each platform escapes it).
import type { DigestStatus } from '../../digest/runner.js';
import { formatLocal, TIME_EXAMPLE, TIMEZONE_EXAMPLE } from '../../digest/schedule.js';
import type { DigestRun } from '../../digest/store.js';

/** What a run did, for a person. */
export function runOutcome(run: DigestRun): string {
  const messages = run.messageIds.length === 1 ? '1 message' : `${run.messageIds.length} messages`;
  const articles = run.articles === 1 ? '1 article' : `${run.articles ?? 0} articles`;
  switch (run.status) {
    case 'delivered':
      return run.messageIds.length === 0 ? 'no new articles, nothing posted' : `delivered (${articles}, ${messages})`;
    case 'failed':
      return `failed after ${run.attempts} ${run.attempts === 1 ? 'try' : 'tries'}: ${run.error ?? 'unknown error'}`;
    case 'claimed':
      return run.messageIds.length ? `in progress (${messages} posted so far)` : 'in progress';
  }
}

/** The lines of `/digest status`: the subscription, the next run, the last run and its outcome. */
export function statusLines(status: DigestStatus, subscribeExample: string): string[] {
  const lines: string[] = [];
  const sub = status.subscription;
  if (sub) {
    lines.push(`Daily digest in this channel: every day at ${sub.time} (${sub.timezone}).`);
    if (status.next) lines.push(`Next run: ${formatLocal(status.next, sub.timezone)}.`);
  } else {
    lines.push(`No daily digest in this channel. Subscribe with ${subscribeExample}.`);
  }
  const last = status.last;
  if (last) {
    const when = last.finishedAt ?? last.claimedAt;
    lines.push(`Last run: ${last.day} (at ${when.slice(0, 16).replace('T', ' ')} UTC): ${runOutcome(last)}.`);
  } else if (sub) {
    lines.push('Last run: none yet.');
  }
  return lines;
}

export { TIME_EXAMPLE, TIMEZONE_EXAMPLE };
