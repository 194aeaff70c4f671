// The state store as the running bot sees it: one interface, two implementations.
//   - SQLite (the embedded default): `SqliteDigestStore`, one file in DATA_DIR, one process.
//   - PostgreSQL (`DATABASE_URL=postgres://…`): `PgStateStore`, shared by N replicas.
// Every call is asynchronous because the PostgreSQL one goes over the network; the SQLite one is
// its synchronous store behind promises. Besides the digest state, the store is where replicas
// agree: who fetches the feeds, and telling the others that the corpus changed.
import type { DigestStore } from '../digest/store.js';
import type { ConversationStore } from './conversation-store.js';
import type { StateDocument } from '../ingest/state.js';

/** `T`'s methods, each returning a promise of what it returned. */
export type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** Calls `target`'s methods as they are, each result (or exception) as a promise: a synchronous store behind the asynchronous interface. */
export function promised<T extends object>(target: T): Promised<T> {
  const out: Record<string, unknown> = {};
  for (let proto = Object.getPrototypeOf(target); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto))
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in out) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof descriptor?.value !== 'function') continue;
      const method = descriptor.value as (...a: unknown[]) => unknown;
      out[name] = async (...args: unknown[]) => method.apply(target, args);
    }
  return out as Promised<T>;
}

/**
 * What the bot remembers of its conversations (answers for their buttons and votes, thread turns,
 * votes, channel languages): the SQLite `ConversationStore` in DATA_DIR, or PostgreSQL's tables,
 * shared so that a button or a thread reply reaching another replica finds the answer.
 */
export type ConversationState = Promised<
  Pick<
    ConversationStore,
    | 'saveAnswer'
    | 'answer'
    | 'setMessageId'
    | 'answerByMessage'
    | 'addTurn'
    | 'turns'
    | 'knowsThread'
    | 'vote'
    | 'feedback'
    | 'summary'
    | 'setChannelLanguage'
    | 'channelLanguage'
    | 'prune'
  >
>;

export interface StateProblem {
  unavailable: string | null;
  recovered: { file: string; movedAside: string } | null;
}

/** What `withFeedLock` did: ran the fetch, or waited for another replica's fetch to finish. */
export type FeedLockResult<T> = { ran: true; value: T } | { ran: false };

export interface StateStore extends Promised<Omit<DigestStore, 'close'>> {
  /** `sqlite` or `postgres`, for the logs and /digest status. */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * What went wrong opening it: `unavailable`, the state file cannot be used (read-only, cannot be
   * opened) and this store is a stand-in in memory; `recovered`, it was damaged, moved aside and
   * replaced. Absent: all is well.
   */
  readonly problem?: StateProblem;
  /** Answers, thread turns, votes and channel languages. */
  readonly conversations: ConversationState;
  /**
   * Claims the scheduled feed fetch of `slot` (the schedule's ISO time): true for exactly one
   * replica per slot, so that N replicas fetch the feeds once per schedule, not N times.
   */
  claimFeedFetch(slot: string): Promise<boolean>;
  /**
   * Runs `fetch` while no other replica fetches the feeds. When another one is at it, waits for it
   * to finish and does not run `fetch` (its articles are in the shared corpus by then).
   */
  withFeedLock<T>(fetch: () => Promise<T>): Promise<FeedLockResult<T>>;
  /** The feeds' state (validators, items seen) as a shared document; null: the JSON file in DATA_DIR. */
  feedStateDocument(): StateDocument | null;
  /**
   * True the first time any replica offers `key` (a Slack trigger id) within `ttlMs`: a platform's
   * retry reaching another replica is not answered twice. SQLite: always true (one process, whose
   * own memory decides).
   */
  firstDelivery(key: string, ttlMs: number): Promise<boolean>;
  /** Tells the other replicas that the corpus changed (they rescan it). */
  announceCorpusChange(): Promise<void>;
  /** Calls `listener` when another replica announces a corpus change; returns how to stop. */
  onCorpusChange(listener: () => void): () => void;
  close(): Promise<void>;
}
