// The running bot's side of ingestion: the corpus watcher (live reindex) and the scheduled feed fetch.
// With several replicas on one PostgreSQL (docs/scaling.md), the state store makes them agree: one
// replica fetches each scheduled slot, no two fetch at once, and a replica that added articles to the
// shared corpus announces it so that the others rescan it at once (even where the shared file system
// does not report other hosts' writes).
import { Cron } from 'croner';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { StateStore } from '../state/store.js';
import type { IngestSummary } from './ingest.js';
import { metrics } from '../ops/metrics.js';
import { readOnlyCorpusReason } from '../runtime.js';
import { watchCorpus, type CorpusListing, type CorpusWatcher, type LiveIndex } from './watch.js';

export interface LiveIngest {
  /** Fetches every feed of FEEDS now (joins a run already under way); the engine has the new articles when it resolves. */
  fetchFeedsNow(): Promise<IngestSummary | null>;
  /** When the schedule runs next; null without FEEDS. */
  nextFetch(): Date | null;
  stop(): void;
}

/** Why the feeds are fetched: the schedule (with its slot), or a caller such as the digest. */
type FetchTrigger = { kind: 'schedule'; slot: string } | { kind: 'now'; slot?: undefined };

let current: LiveIngest | null = null;

/**
 * Fetches the feeds now, for the digest to call before it composes, so that it reports what came in.
 * Resolves to null when no bot is running here or FEEDS is empty.
 */
export function fetchFeedsNow(): Promise<IngestSummary | null> {
  return current ? current.fetchFeedsNow() : Promise.resolve(null);
}

export async function startLiveIngest(options: {
  config: Config;
  corpusDir: string;
  engine: LiveIndex;
  logger: Logger;
  debounceMs?: number;
  /** Where replicas agree on feed fetches and hear of each other's corpus changes (none: a lone process). */
  state?: StateStore;
  /** The corpus folder as it stood when the engine started loading it (listCorpus); default: now. */
  listing?: CorpusListing;
}): Promise<LiveIngest> {
  const { config, corpusDir, engine, logger, state } = options;
  const started = Date.now();
  const watcher: CorpusWatcher = await watchCorpus(corpusDir, engine, {
    debounceMs: options.debounceMs,
    warn: (m) => logger.warn(m),
    info: (m, details) => logger.info(details, m),
    listing: options.listing,
  });
  void watcher.ready.then(() => logger.debug({ ms: Date.now() - started }, 'corpus watcher ready'));
  const stopListening = state?.onCorpusChange(() => {
    logger.info('corpus changed on another replica; rescanning');
    void watcher.sync().catch((e: unknown) => logger.error({ err: e }, 'corpus rescan failed'));
  });
  let inFlight: Promise<IngestSummary | null> | null = null;

  const readOnly = readOnlyCorpusReason(corpusDir);
  if (readOnly && config.FEEDS.length) logger.error(`FEEDS will not be fetched: ${readOnly}`);
  const runFeeds = async (trigger: FetchTrigger): Promise<IngestSummary | null> => {
    if (!config.FEEDS.length || readOnly) return null;
    if (!state) return fetchFeeds(trigger);
    const locked = await state.withFeedLock(() => fetchFeeds(trigger));
    if (locked.ran) return locked.value;
    // Another replica was fetching: its articles are in the shared corpus now.
    await watcher.sync();
    logger.info({ trigger: trigger.kind }, 'feeds: fetched by another replica meanwhile; using its articles');
    return null;
  };

  const fetchFeeds = async (trigger: FetchTrigger): Promise<IngestSummary> => {
    const started = Date.now();
    // The fetching pipeline (HTTP, HTML extraction, language data: ~18 MB of heap) is loaded at the
    // first fetch: a replica without FEEDS never holds it.
    const [{ Ingester }, { formatOutcome }, { ingestSettings }] = await Promise.all([import('./ingest.js'), import('./cli.js'), import('./settings.js')]);
    const ingester = await Ingester.open(
      ingestSettings(config, corpusDir, (e) => {
        if (e.type === 'feed') logger.info({ feed: e.url }, e.message);
        else if (e.outcome.status === 'failed') logger.warn({ done: e.done, total: e.total }, formatOutcome(e.outcome, corpusDir));
        else logger.info({ done: e.done, total: e.total }, formatOutcome(e.outcome, corpusDir));
      }, state),
    );
    const summary = await ingester.run([], config.FEEDS);
    for (const outcome of ['added', 'known', 'failed'] as const) metrics.ingestItems.inc({ outcome }, summary[outcome]);
    await watcher.sync();
    if (summary.added && state) await state.announceCorpusChange().catch((e: unknown) => logger.warn({ err: e }, 'could not tell the other replicas of the new articles'));
    logger.info(
      { trigger: trigger.kind, slot: trigger.slot, added: summary.added, known: summary.known, failed: summary.failed, ms: Date.now() - started },
      'feeds fetched',
    );
    return summary;
  };

  const fetchNow = (trigger: FetchTrigger = { kind: 'now' }) => {
    inFlight ??= runFeeds(trigger)
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
    ? new Cron(config.FEEDS_SCHEDULE, { timezone: config.FEEDS_TIMEZONE }, async (self: Cron) => {
        // The slot is the schedule's time, the same in every replica (not the moment this one woke).
        const slot = (self.previousRuns(1, new Date())[0] ?? new Date()).toISOString();
        try {
          if (state && !(await state.claimFeedFetch(slot))) {
            logger.info({ slot }, 'feeds: this schedule is fetched by another replica');
            return;
          }
        } catch (e) {
          logger.error({ err: e, slot }, 'feeds: could not claim the scheduled fetch; skipped');
          return;
        }
        await fetchNow({ kind: 'schedule', slot });
      })
    : null;
  if (job) logger.info({ feeds: config.FEEDS.length, schedule: config.FEEDS_SCHEDULE, timezone: config.FEEDS_TIMEZONE, next: job.nextRun() }, 'feeds scheduled');

  const live: LiveIngest = {
    fetchFeedsNow: () => fetchNow(),
    nextFetch: () => job?.nextRun() ?? null,
    stop() {
      job?.stop();
      stopListening?.();
      watcher.close();
      if (current === live) current = null;
    },
  };
  current = live;
  return live;
}
