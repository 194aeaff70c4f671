// The Slack adapter in HTTP mode over a synthetic corpus, for the benchmark's load test, answering
// through the answer pool as `npm start` does (ANSWER_WORKERS, ANSWER_QUEUE_LIMIT; 0 workers: in
// the main thread, as before the pool):
//   SLACK_API_URL=… SLACK_SIGNING_SECRET=… node dist/bench/slack-server.js --articles 1000
// Prints `{"port":N}` once listening; stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sqliteStateStore } from '../state/sqlite.js';
import { SqliteDigestStore } from '../digest/store.js';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RateLimiter } from '../adapters/common/ratelimit.js';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { loadConfig } from '../config.js';
import { loadCorpus } from '../core/corpus.js';
import { Engine } from '../core/engine.js';
import { silentLogger } from '../log.js';
import { AnswerPool } from '../pool/answer-pool.js';
import { synthesize } from './synth.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000' } } });
const real = (await loadCorpus(path.join(root, 'corpus'))).articles;
const articles = Number(values.articles);
const corpus = articles > 0 ? synthesize(real, articles).articles : real;
const config = {
  ...loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: process.env.SLACK_SIGNING_SECRET,
    SLACK_API_URL: process.env.SLACK_API_URL,
    // The benchmark's response_url receiver is on loopback.
    SLACK_RESPONSE_URL_HOSTS: '127.0.0.1',
    ANSWER_WORKERS: process.env.ANSWER_WORKERS,
    ANSWER_QUEUE_LIMIT: process.env.ANSWER_QUEUE_LIMIT,
  }),
  // A free port: the benchmark is told which on stdout.
  PORT: 0,
};
const pool =
  config.ANSWER_WORKERS > 0
    ? await AnswerPool.start({ source: { articles: corpus }, size: config.ANSWER_WORKERS, queueLimit: config.ANSWER_QUEUE_LIMIT })
    : null;
const engine = pool ?? Engine.fromArticles(corpus);
// As `npm start` does: retries and replays remembered in a state file (a temporary one here).
const stateDir = mkdtempSync(path.join(tmpdir(), 'veille-bench-state-'));
const store = SqliteDigestStore.open(stateDir);
// The load test is about the HTTP path, not the per-user budget: a limit nobody reaches.
const adapter = createSlackAdapter({
  config,
  engine,
  logger: silentLogger,
  rateLimiter: new RateLimiter({ limit: 1e9, windowMs: 60_000 }),
  state: sqliteStateStore(store),
});
await adapter.start();
process.stdout.write(`${JSON.stringify({ port: adapter.port })}\n`);
process.on('SIGTERM', () => {
  void adapter
    .stop()
    .then(() => pool?.stop())
    .finally(() => {
      store.close();
      rmSync(stateDir, { recursive: true, force: true });
      process.exit(0);
    });
});
