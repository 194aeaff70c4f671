// Ingestion: `veille ingest`, the live corpus watcher and the scheduled feed fetch.
export { Ingester, type IngestSettings, type IngestSummary, type Outcome, type IngestEvent } from './ingest.js';
export { runIngestCli } from './cli.js';
export { INGEST_USAGE } from './usage.js';
export { startLiveIngest, fetchFeedsNow, type LiveIngest } from './live.js';
export { watchCorpus, type CorpusWatcher } from './watch.js';
