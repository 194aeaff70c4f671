// Which state store the bot runs on: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR
// (veille.sqlite for the digests, conversations.sqlite for the conversations).
import type { Config } from '../config.js';
import { SqliteDigestStore } from '../digest/store.js';
import { ConversationStore } from './conversation-store.js';
import type { Logger } from '../log.js';
import { sqliteStateStore } from './sqlite.js';
import type { StateStore } from './store.js';

export type { StateStore } from './store.js';

export async function openStateStore(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>, logger: Logger): Promise<StateStore> {
  if (config.DATABASE_URL) {
    // Loaded only here, so that the embedded default never pays for it.
    const { PgStateStore } = await import('./postgres.js');
    let store;
    try {
      store = await PgStateStore.connect(config.DATABASE_URL, { onError: (err) => logger.warn({ err }, 'database connection error') });
    } catch (e) {
      // Where it tried and why, never the password.
      throw new Error(`cannot use the database of DATABASE_URL (${whereOf(config.DATABASE_URL)}): ${(e as Error).message}`);
    }
    logger.info({ schema: await store.schemaVersion() }, 'state: PostgreSQL');
    return store;
  }
  return sqliteStateStore(SqliteDigestStore.open(config.DATA_DIR), ConversationStore.open(config.DATA_DIR));
}

/** `host:port/database` of a PostgreSQL URL, without the user or password. */
function whereOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'unparsable URL';
  }
}
