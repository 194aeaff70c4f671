// The bot's Prometheus metrics (prom-client), in a registry of their own so that tests and
// several bots in one process never share counters. /metrics serves `metrics.registry`.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();

  /** Questions (ask, sources, more) by platform and outcome: answered, not-found, refused, rate-limited, error. */
  readonly questions = new Counter({ name: 'veille_questions_total', help: 'Questions handled, by platform and outcome', labelNames: ['platform', 'outcome'] as const, registers: [this.registry] });
  /** From the command's arrival to its last reply (Discord's deadline is 3 s, Slack's ack too). */
  readonly latency = new Histogram({
    name: 'veille_command_duration_seconds',
    help: 'Time to handle a command, by platform and command',
    labelNames: ['platform', 'command'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({ name: 'veille_rate_limited_total', help: 'Requests refused by the per-user rate limit, by platform', labelNames: ['platform'] as const, registers: [this.registry] });
  readonly digests = new Counter({ name: 'veille_digests_total', help: 'Daily digests, by outcome (posted, failed)', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly ingestItems = new Counter({ name: 'veille_ingest_items_total', help: 'Ingested items, by outcome (added, known, failed)', labelNames: ['outcome'] as const, registers: [this.registry] });
  /** Read at each scrape, so that live corpus changes show. */
  countArticles: (() => number) | null = null;
  readonly corpusArticles = new Gauge({
    name: 'veille_corpus_articles',
    help: 'Articles in the served corpus',
    registers: [this.registry],
    collect: () => {
      if (this.countArticles) this.corpusArticles.set(this.countArticles());
    },
  });
  readonly indexSeconds = new Gauge({ name: 'veille_index_seconds', help: 'Time the index took at start, by how it came (build, snapshot)', labelNames: ['from'] as const, registers: [this.registry] });

  constructor(options: { processMetrics?: boolean } = {}) {
    // Memory, CPU, event-loop lag, open handles: what an operator graphs beside ours.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'veille_' });
  }
}

/** The running bot's metrics. */
export const metrics = new Metrics({ processMetrics: true });
