// Ingestion settings from the validated configuration.
import path from 'node:path';
import type { Config } from '../config.js';
import { userAgent } from './fetch.js';
import type { IngestSettings } from './ingest.js';
import type { StateStore } from '../state/store.js';
import { documentStorage } from './state.js';

/** With `state` on PostgreSQL, the feeds' state is the database's, shared by every replica. */
export function ingestSettings(config: Config, corpusDir: string, onEvent?: IngestSettings['onEvent'], state?: StateStore): IngestSettings {
  const shared = state?.feedStateDocument();
  return {
    ...(shared ? { stateStorage: documentStorage(shared, 'the feed state in the database') } : {}),
    corpusDir,
    dataDir: path.resolve(config.DATA_DIR),
    firstRunItems: config.FEEDS_FIRST_RUN_ITEMS,
    maxItemsPerRun: config.FEEDS_MAX_ITEMS_PER_RUN,
    seenRetentionDays: config.FEEDS_SEEN_DAYS,
    limits: {
      timeoutMs: config.INGEST_TIMEOUT_MS,
      maxBytes: config.INGEST_MAX_BYTES,
      maxRedirects: config.INGEST_MAX_REDIRECTS,
      userAgent: userAgent(config.INGEST_CONTACT),
      network: { allowPrivate: config.INGEST_ALLOW_PRIVATE, allowHosts: config.INGEST_ALLOW_HOSTS },
    },
    onEvent,
  };
}
