// The embedded default: the SQLite stores (digests in veille.sqlite, conversations in
// conversations.sqlite) behind the asynchronous interface. One process owns the files, so feed
// fetches, deliveries and corpus changes need no coordination beyond the process.
import { SqliteDigestStore } from '../digest/store.js';
import { ConversationStore } from './conversation-store.js';
import { promised, type FeedLockResult, type StateStore } from './store.js';

export function sqliteStateStore(
  store: SqliteDigestStore,
  conversations: ConversationStore = new ConversationStore(':memory:'),
): StateStore & { readonly sqlite: SqliteDigestStore; readonly conversationFile: ConversationStore } {
  return {
    ...promised(store),
    kind: 'sqlite',
    sqlite: store,
    conversationFile: conversations,
    conversations: promised(conversations),
    claimFeedFetch: async () => true,
    feedStateDocument: () => null,
    // Kept in the file, so that a Slack retry or a replay after a restart is not answered again.
    firstDelivery: async (key: string, ttlMs: number) => store.firstDelivery(key, new Date(), ttlMs),
    withFeedLock: async <T>(fetch: () => Promise<T>): Promise<FeedLockResult<T>> => ({ ran: true, value: await fetch() }),
    announceCorpusChange: async () => {},
    onCorpusChange: () => () => {},
    close: async () => {
      store.close();
      conversations.close();
    },
  };
}
