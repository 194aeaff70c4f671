// One log line and the metrics for each command handled, on any platform: platform, command,
// latency, outcome (never the question's text at info level). The router opens a scope around
// the command; whatever happens inside reports into it (the engine's answer, the rate limit) without
// being handed anything, through AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Answer, Sources } from '../../core/types.js';
import type { Answers } from './adapter.js';
import type { Logger } from '../../log.js';
import { metrics as processMetrics, type Metrics } from '../../ops/metrics.js';

/** answered; not-found (nothing in the corpus); refused (empty, too long…); rate-limited; error; done (not a question). */
export type CommandOutcome = 'answered' | 'not-found' | 'refused' | 'rate-limited' | 'error' | 'done';

interface CommandRecord {
  outcome: CommandOutcome;
  /** Not a command after all (a message not addressed to the bot): no line, no count. */
  ignored?: boolean;
  /** The engine was consulted, or would have been but for the rate limit. */
  question: boolean;
}

const scope = new AsyncLocalStorage<CommandRecord>();

export interface ObserveOptions {
  platform: string;
  command: string;
  logger: Logger;
  /** Extra fields for the log line (ids, never text or tokens). */
  context?: Record<string, unknown>;
  metrics?: Metrics;
}

/** Runs one command inside a scope, then logs its line and counts it. Rethrows what `run` throws. */
export async function observeCommand(options: ObserveOptions, run: () => Promise<void>): Promise<void> {
  const record: CommandRecord = { outcome: 'done', question: false };
  const started = performance.now();
  try {
    await scope.run(record, run);
  } catch (err) {
    record.outcome = 'error';
    throw err;
  } finally {
    if (!record.ignored) report(options, record, (performance.now() - started) / 1000);
  }
}

function report(options: ObserveOptions, record: CommandRecord, seconds: number): void {
  const { platform, command } = options;
  const m = options.metrics ?? processMetrics;
  m.latency.observe({ platform, command }, seconds);
  if (record.question) m.questions.inc({ platform, outcome: record.outcome });
  if (record.outcome === 'rate-limited') m.rateLimited.inc({ platform });
  options.logger.info(
    { ...options.context, platform, command, ms: Math.round(seconds * 1000), answered: record.outcome === 'answered', outcome: record.outcome },
    'command handled',
  );
}

/** What arrived is not for the bot (a channel message that neither mentions nor follows it). */
export function noteNotACommand(): void {
  const record = scope.getStore();
  if (record) record.ignored = true;
}

/** The command failed (its error was reported to the user, not thrown). */
export function noteCommandFailed(): void {
  const record = scope.getStore();
  if (record) record.outcome = 'error';
}

/** The rate limit refused the command. */
export function noteRateLimited(): void {
  const record = scope.getStore();
  if (record) {
    record.question = true;
    record.outcome = 'rate-limited';
  }
}

function noteResult(result: Answer | Sources): void {
  const record = scope.getStore();
  if (!record || record.outcome === 'error') return;
  record.question = true;
  if ('answered' in result) record.outcome = result.answered ? 'answered' : result.reason === 'not-found' ? 'not-found' : 'refused';
  else record.outcome = result.found ? 'answered' : 'not-found';
}

/** The engine, reporting each answer's outcome into the command it serves. */
export function observedEngine<E extends Answers>(engine: E): E {
  // Answers come from the engine in this thread or, as promises, from the answer pool's workers.
  const noted = <T extends Answer | Sources>(result: T | Promise<T>): T | Promise<T> => {
    if (result instanceof Promise) return result.then((r) => (noteResult(r), r));
    noteResult(result);
    return result;
  };
  return new Proxy(engine, {
    get(target, property, receiver) {
      if (property === 'ask') return (...args: Parameters<Answers['ask']>) => noted(target.ask(...args));
      if (property === 'sources') return (topic: string) => noted(target.sources(topic));
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
