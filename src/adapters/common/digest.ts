// Platform-free wording of the /digest replies (plain text: each platform escapes it).
import type { DigestStatus } from '../../digest/runner.js';
import { TIME_EXAMPLE, TIMEZONE_EXAMPLE } from '../../digest/schedule.js';
import type { DigestRun } from '../../digest/store.js';
import { messages, type Messages } from './messages.js';

/** What a run did, for a person. */
export function runOutcome(run: DigestRun, m: Messages = messages('en')): string {
  switch (run.status) {
    case 'delivered':
      return run.messageIds.length === 0 ? m.runNothing : m.runDelivered(run.articles ?? 0, run.messageIds.length);
    case 'failed':
      return m.runFailed(run.attempts, run.error ?? m.unknownError);
    case 'claimed':
      return m.runInProgress(run.messageIds.length);
  }
}

/** The lines of `/digest status`: the subscription, the next run, the last run and its outcome. */
export function statusLines(status: DigestStatus, subscribeExample: string, m: Messages = messages('en')): string[] {
  const lines: string[] = [];
  const sub = status.subscription;
  if (sub) {
    lines.push(m.statusSubscribed(sub.time, sub.timezone));
    if (status.next) lines.push(m.statusNext(m.dateTime(status.next, sub.timezone)));
  } else {
    lines.push(m.statusNone(subscribeExample));
  }
  if (status.recovered) lines.push(m.statusRecovered(status.recovered.movedAside));
  const problem = status.problem;
  if (problem) lines.push(m.statusProblem(problem.day, problem.error, problem.tries, problem.retryAt ? problem.retryAt.toISOString().slice(11, 16) : null));
  const last = status.last;
  if (last) {
    const when = last.finishedAt ?? last.claimedAt;
    lines.push(m.statusLast(last.day, when.slice(0, 16).replace('T', ' '), runOutcome(last, m)));
  } else if (sub && !problem) {
    lines.push(m.statusLastNone);
  }
  return lines;
}

export { TIME_EXAMPLE, TIMEZONE_EXAMPLE };
