// `npm start`: runs the bot on every platform the configuration turns on; with none, the terminal chat.
import { ConfigError, loadConfig, platformsOf } from './config.js';
import { createLogger } from './log.js';
import { RateLimiter } from './adapters/common/ratelimit.js';
import type { PlatformAdapter } from './adapters/common/adapter.js';
import { runChat } from './adapters/console/chat.js';
import { terminalLocale, terminalStyle } from './adapters/console/render.js';
import { corpusDir, keepHeapsSmall, loadDotEnv, loadEngine } from './runtime.js';
import { startLiveIngest } from './ingest/live.js';
import { listCorpus, type CorpusListing } from './ingest/watch.js';
import { createDigestRunner } from './digest/index.js';
import { openStateStore } from './state/index.js';
import { AnswerPool } from './pool/answer-pool.js';
import path from 'node:path';
import { health } from './ops/health.js';
import { metrics } from './ops/metrics.js';
import { startOpsServer } from './ops/server.js';

export async function start(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger({
    level: config.LOG_LEVEL,
    secrets: [config.DISCORD_TOKEN, config.SLACK_BOT_TOKEN, config.SLACK_APP_TOKEN, config.SLACK_SIGNING_SECRET, config.DATABASE_URL, passwordOf(config.DATABASE_URL)],
  });
  const platforms = platformsOf(config);
  // /healthz answers from the start: 503 while the index builds, naming what is not up yet.
  health.expect('engine', 'loading the corpus');
  if (platforms.discord) health.expect('discord');
  if (platforms.slack) health.expect('slack');
  const ops =
    config.HEALTH_PORT === undefined ? undefined : await startOpsServer({ port: config.HEALTH_PORT, host: config.HEALTH_HOST, health, metrics, logger });
  const dir = corpusDir(process.env);
  const bot = Boolean(platforms.discord || platforms.slack);
  // A long-running server: memory held beats a little more GC work (before the workers start).
  if (bot) keepHeapsSmall();
  // The bot's state (digests, conversations, feed coordination): SQLite in DATA_DIR, or PostgreSQL
  // shared by replicas. Opened before the index is loaded, so that a database out of reach is said at once.
  const state = bot ? await openStateStore(config, logger) : undefined;
  // The corpus as the index is about to load it: the watcher follows changes from there on.
  let listing: CorpusListing | undefined = await listCorpus(dir);
  // How the index was had (a snapshot or a build) and in how long: a /metrics gauge.
  const noteIndex = (from: 'snapshot' | 'build', seconds: number) => metrics.indexSeconds.set({ from }, seconds);
  // Serving a platform: answers (and reindexing) in worker threads, so that the event loop is free
  // to acknowledge within the platforms' 3 s. The terminal chat, or ANSWER_WORKERS=0: in this thread.
  const pool =
    bot && config.ANSWER_WORKERS > 0
      ? await AnswerPool.start({
          source: { corpusDir: dir, dataDir: path.resolve(config.DATA_DIR) },
          size: config.ANSWER_WORKERS,
          queueLimit: config.ANSWER_QUEUE_LIMIT,
          logger,
          onIndex: noteIndex,
        })
      : null;
  const engine = pool
    ? null
    : await loadEngine(dir, (m) => logger.warn(m), { info: (m) => logger.info(m), onIndex: noteIndex });
  const answers = pool ?? engine!;
  const articleCount = () => (pool ? pool.articles : engine!.articles().length);
  metrics.countArticles = articleCount;
  health.up('engine', `${articleCount()} articles`);
  logger.info({ corpus: dir, articles: articleCount(), workers: pool ? config.ANSWER_WORKERS : 0 }, 'corpus loaded');
  // Corpus edits are picked up live; FEEDS are fetched on FEEDS_SCHEDULE.
  const live = await startLiveIngest({ config, corpusDir: dir, engine: answers, logger, state, listing });
  listing = undefined; // (an entry per file: not kept for the life of the process)
  const adapters: PlatformAdapter[] = [];
  const rateLimiter = new RateLimiter({ limit: config.RATE_LIMIT_COUNT, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 });
  // Daily digests (docs/digest.md), when a platform runs: state in DATA_DIR, feeds fetched first.
  const digest = state ? createDigestRunner({ config, store: state, engine: answers, logger, beforeDigest: () => live.fetchFeedsNow() }) : undefined;
  // Answers (for their buttons and votes) and thread turns, kept across restarts: the state store's.
  const ctx = { config, engine: answers, logger, rateLimiter, digest, conversations: state?.conversations, state, health };
  // A platform gone for good (Discord's gateway refusing the token): said at error level; with no
  // platform left the process exits non-zero, so that a supervisor notices; else the others serve.
  const down = new Set<string>();
  const platformDown = (name: string) => (err: Error) => {
    down.add(name);
    health.down(name, err.message);
    logger.error({ platform: name }, `${name} is down for good: ${err.message}`);
    if (adapters.every((a) => down.has(a.name))) {
      logger.error('no platform left to serve: exiting');
      void Promise.allSettled(adapters.map((a) => a.stop())).finally(() => process.exit(1));
    }
  };
  if (platforms.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.js');
    adapters.push(createDiscordAdapter(ctx, { onFatal: platformDown('discord') }));
  }
  if (platforms.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/index.js');
    adapters.push(createSlackAdapter(ctx));
  }
  if (!adapters.length) {
    if (!engine) throw new Error('no engine in this thread');
    const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    await runChat({ engine, input: process.stdin, output: process.stdout, style: terminalStyle(process.stdout), prompt: tty, locale: terminalLocale() });
    live.stop();
    await ops?.close();
    return;
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    live.stop();
    await digest?.stop();
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await state?.close().catch(() => {});
    await pool?.stop();
    await ops?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  for (const adapter of adapters) {
    await adapter.start();
    health.up(adapter.name);
    logger.info({ platform: adapter.name }, 'platform started');
  }
  if (digest) {
    health.watch('digest', () => digest.health());
    for (const adapter of adapters) if (adapter.digestDelivery) await digest.addDelivery(adapter.digestDelivery);
    await digest.start();
  }
}

/** The password in a database URL, so that the logs never show it even outside the URL. */
function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

export async function registerCommandsFromCli(guildId: string | undefined): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  if (!platformsOf(config).discord) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to register commands.');
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
  const { registerDiscordCommands } = await import('./adapters/discord/index.js');
  await registerDiscordCommands({ config, logger, guildId });
  console.log(
    guildId
      ? `Commands registered on guild ${guildId}.`
      : 'Commands registered globally: every server with the bot gets them; a Discord app already open may need a reload (Ctrl+R) to list them.',
  );
}

/** `veille slack manifest [--url URL]`: the manifest to paste, with this configuration's command names. */
export async function printSlackManifest(requestUrl: string | undefined): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  if (requestUrl !== undefined && !/^https:\/\/\S+$/.test(requestUrl)) throw new Error(`--url wants the public https:// address of /slack/events, not "${requestUrl}".`);
  const { slackManifest } = await import('./adapters/slack/manifest.js');
  process.stdout.write(slackManifest(config, requestUrl));
}
