// The embedded default: the SQLite digest store behind the asynchronous interface. One process
// owns the file, so feed fetches and corpus changes need no coordination beyond the process.
import { SqliteDigestStore } from '../digest/store.js';
import type { FeedLockResult, StateStore } from './store.js';

export function sqliteStateStore(store: SqliteDigestStore): StateStore & { readonly sqlite: SqliteDigestStore } {
  // Every method of the digest store, called as is and its result (or its exception) as a promise.
  const wrapped: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(SqliteDigestStore.prototype)) {
    const method = (store as unknown as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    wrapped[name] = async (...args: unknown[]) => (method as (...a: unknown[]) => unknown).apply(store, args);
  }
  return {
    ...(wrapped as unknown as StateStore),
    kind: 'sqlite',
    sqlite: store,
    claimFeedFetch: async () => true,
    feedStateDocument: () => null,
    firstDelivery: async () => true,
    withFeedLock: async <T>(fetch: () => Promise<T>): Promise<FeedLockResult<T>> => ({ ran: true, value: await fetch() }),
    announceCorpusChange: async () => {},
    onCorpusChange: () => () => {},
    close: async () => store.close(),
  };
}
