// The daily digest: schedule (croner, IANA time zones), state (SQLite under DATA_DIR) and runner.
import type { Config } from '../config.js';
import type { AnswerEngine } from '../core/types.js';
import type { Logger } from '../log.js';
import { DigestRunner, type DigestRunnerOptions } from './runner.js';
import { SqliteDigestStore } from './store.js';

export { DigestRunner, type DigestDelivery, type DigestService, type DigestStatus, type RunOutcome } from './runner.js';
export { SqliteDigestStore, digestDatabasePath, type DigestStore, type DigestRun, type Subscription } from './store.js';

/** The runner over the SQLite store in DATA_DIR (created on first run); deliveries are added by the adapters. */
export function createDigestRunner(options: {
  config: Config;
  engine: Pick<AnswerEngine, 'digest'>;
  logger: Logger;
  beforeDigest?: DigestRunnerOptions['beforeDigest'];
}): DigestRunner {
  const store = SqliteDigestStore.open(options.config.DATA_DIR);
  return new DigestRunner({
    store,
    engine: options.engine,
    logger: options.logger,
    beforeDigest: options.beforeDigest,
    quietDay: options.config.DIGEST_QUIET_DAY,
  });
}
