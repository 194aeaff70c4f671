// The daily digest: schedule (croner, IANA time zones), state (the state store: SQLite under
// DATA_DIR, or PostgreSQL) and runner.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { DigestRunner, type DigestRunnerOptions } from './runner.js';
import type { StateStore } from '../state/store.js';

export { DigestRunner, type DigestDelivery, type DigestService, type DigestStatus, type RunOutcome } from './runner.js';
export { SqliteDigestStore, digestDatabasePath, openDigestStore, type DigestStore, type DigestRun, type Subscription } from './store.js';

/**
 * The runner over the state store; deliveries are added by the adapters. A state file that could
 * not be used (`store.problem`, see openStateStore) leaves digests unavailable: the commands say why.
 */
export function createDigestRunner(options: {
  config: Config;
  store: StateStore;
  engine: DigestRunnerOptions['engine'];
  logger: Logger;
  beforeDigest?: DigestRunnerOptions['beforeDigest'];
}): DigestRunner {
  return new DigestRunner({
    store: options.store,
    unavailable: options.store.problem?.unavailable ?? null,
    recovered: options.store.problem?.recovered ?? null,
    engine: options.engine,
    logger: options.logger,
    beforeDigest: options.beforeDigest,
    quietDay: options.config.DIGEST_QUIET_DAY,
  });
}
