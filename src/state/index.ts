// Which state store the bot runs on: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR
// (veille.sqlite for the digests, conversations.sqlite for the conversations).
import type { Config } from '../config.js';
import { SqliteDigestStore, openDigestStore } from '../digest/store.js';
import { ConversationStore } from './conversation-store.js';
import type { Logger } from '../log.js';
import { sqliteStateStore } from './sqlite.js';
import type { StateProblem, StateStore } from './store.js';

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
  // A state file that cannot be used never stops the bot (answering needs no state): a damaged
  // one is moved aside and replaced; a read-only or unopenable one leaves digests unavailable, with
  // a stand-in in memory for the rest of the run.
  const opening = openDigestStore(config.DATA_DIR);
  let problem: StateProblem | undefined;
  let digests: SqliteDigestStore;
  if (!opening.ok) {
    logger.error({ file: opening.file, problem: opening.problem }, `${opening.message}; the bot still answers questions`);
    problem = { unavailable: opening.message, recovered: null };
    digests = new SqliteDigestStore(':memory:');
  } else {
    digests = opening.store;
    if (opening.movedAside) {
      logger.error(
        { file: opening.file, movedAside: opening.movedAside },
        `the state file ${opening.file} was damaged: moved aside to ${opening.movedAside}, and a fresh one created (digest subscriptions must be made again)`,
      );
      problem = { unavailable: null, recovered: { file: opening.file, movedAside: opening.movedAside } };
    }
  }
  let conversations: ConversationStore;
  try {
    conversations = ConversationStore.open(config.DATA_DIR);
  } catch (err) {
    logger.error({ err }, `the conversation store in ${config.DATA_DIR} cannot be opened: buttons and follow-ups are kept in memory until a restart`);
    conversations = new ConversationStore(':memory:');
  }
  return { ...sqliteStateStore(digests, conversations), ...(problem ? { problem } : {}) };
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
