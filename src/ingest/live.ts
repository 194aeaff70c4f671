// The running bot's side of ingestion: the corpus watcher (live reindex) and the scheduled feed fetch.
import { Cron } from 'croner';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { Ingester, type IngestSummary } from './ingest.js';
import { formatOutcome } from './cli.js';
import { ingestSettings } from './settings.js';
import { watchCorpus, type CorpusWatcher, type LiveIndex } from './watch.js';

export interface LiveIngest {
  /** Fetches every feed of FEEDS now (joins a run already under way); the engine has the new articles when it resolves. */
  fetchFeedsNow(): Promise<IngestSummary | null>;
  /** When the schedule runs next; null without FEEDS. */
  nextFetch(): Date | null;
  stop(): void;
}

let current: LiveIngest | null = null;

/**
 * Fetches the feeds now, for the digest to call before it composes, so that it reports what came in.
 * Resolves to null when no bot is running here or FEEDS is empty.
 */
export function fetchFeedsNow(): Promise<IngestSummary | null> {
  return current ? current.fetchFeedsNow() : Promise.resolve(null);
}

export async function startLiveIngest(options: { config: Config; corpusDir: string; engine: LiveIndex; logger: Logger; debounceMs?: number }): Promise<LiveIngest> {
  const { config, corpusDir, engine, logger } = options;
  const watcher: CorpusWatcher = await watchCorpus(corpusDir, engine, {
    debounceMs: options.debounceMs,
    warn: (m) => logger.warn(m),
    info: (m, details) => logger.info(details, m),
  });
  let inFlight: Promise<IngestSummary | null> | null = null;

  const runFeeds = async (): Promise<IngestSummary | null> => {
    if (!config.FEEDS.length) return null;
    const started = Date.now();
    const ingester = await Ingester.open(
      ingestSettings(config, corpusDir, (e) => {
        if (e.type === 'feed') logger.info({ feed: e.url }, e.message);
        else if (e.outcome.status === 'failed') logger.warn({ done: e.done, total: e.total }, formatOutcome(e.outcome, corpusDir));
        else logger.info({ done: e.done, total: e.total }, formatOutcome(e.outcome, corpusDir));
      }),
    );
    const summary = await ingester.run([], config.FEEDS);
    await watcher.sync();
    logger.info({ added: summary.added, known: summary.known, failed: summary.failed, ms: Date.now() - started }, 'feeds fetched');
    return summary;
  };

  const fetchNow = () => {
    inFlight ??= runFeeds()
      .catch((e: unknown) => {
        logger.error({ err: e }, 'feed fetch failed');
        return null;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  const job = config.FEEDS.length
    ? new Cron(config.FEEDS_SCHEDULE, { timezone: config.FEEDS_TIMEZONE }, () => {
        void fetchNow();
      })
    : null;
  if (job) logger.info({ feeds: config.FEEDS.length, schedule: config.FEEDS_SCHEDULE, timezone: config.FEEDS_TIMEZONE, next: job.nextRun() }, 'feeds scheduled');

  const live: LiveIngest = {
    fetchFeedsNow: fetchNow,
    nextFetch: () => job?.nextRun() ?? null,
    stop() {
      job?.stop();
      watcher.close();
      if (current === live) current = null;
    },
  };
  current = live;
  return live;
}
