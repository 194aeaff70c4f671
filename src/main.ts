// `npm start`: runs the bot on every platform the configuration turns on; with none, the terminal chat.
import { ConfigError, loadConfig, platformsOf } from './config.js';
import { createLogger } from './log.js';
import { RateLimiter } from './adapters/common/ratelimit.js';
import type { PlatformAdapter } from './adapters/common/adapter.js';
import { runChat } from './adapters/console/chat.js';
import { ansi, plain } from './adapters/console/render.js';
import { corpusDir, loadDotEnv, loadEngine } from './runtime.js';
import { startLiveIngest } from './ingest/live.js';
import { createDigestRunner } from './digest/index.js';
import { openStateStore } from './state/index.js';
import { AnswerPool } from './pool/answer-pool.js';
import path from 'node:path';
import { health } from './health.js';

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
  const dir = corpusDir(process.env);
  const platforms = platformsOf(config);
  const bot = Boolean(platforms.discord || platforms.slack);
  // Serving a platform: answers (and reindexing) in worker threads, so that the event loop is free
  // to acknowledge within the platforms' 3 s. The terminal chat, or ANSWER_WORKERS=0: in this thread.
  const pool =
    bot && config.ANSWER_WORKERS > 0
      ? await AnswerPool.start({
          source: { corpusDir: dir, dataDir: path.resolve(config.DATA_DIR) },
          size: config.ANSWER_WORKERS,
          queueLimit: config.ANSWER_QUEUE_LIMIT,
          logger,
        })
      : null;
  const engine = pool ? null : await loadEngine(dir, (m) => logger.warn(m), { info: (m) => logger.info(m) });
  const answers = pool ?? engine!;
  logger.info({ corpus: dir, articles: pool ? pool.articles : engine!.articles().length, workers: pool ? config.ANSWER_WORKERS : 0 }, 'corpus loaded');
  // The bot's state (digests, conversations, feed coordination): SQLite in DATA_DIR, or PostgreSQL shared by replicas.
  const state = bot ? await openStateStore(config, logger) : undefined;
  // Corpus edits are picked up live; FEEDS are fetched on FEEDS_SCHEDULE.
  const live = await startLiveIngest({ config, corpusDir: dir, engine: answers, logger, state });
  const adapters: PlatformAdapter[] = [];
  const rateLimiter = new RateLimiter({ limit: config.RATE_LIMIT_COUNT, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 });
  // Daily digests (docs/digest.md), when a platform runs: state in DATA_DIR, feeds fetched first.
  const digest = state ? createDigestRunner({ config, store: state, engine: answers, logger, beforeDigest: () => live.fetchFeedsNow() }) : undefined;
  // Answers (for their buttons and votes) and thread turns, kept across restarts: the state store's.
  const ctx = { config, engine: answers, logger, rateLimiter, digest, conversations: state?.conversations, state };
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
    await runChat({ engine, input: process.stdin, output: process.stdout, style: tty ? ansi : plain, prompt: tty });
    live.stop();
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
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  for (const adapter of adapters) {
    await adapter.start();
    health.register(adapter.name, () => ({ status: 'ok', detail: null }));
    logger.info({ platform: adapter.name }, 'platform started');
  }
  if (digest) {
    health.register('digest', () => digest.health());
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
  console.log(guildId ? `Commands registered on guild ${guildId}.` : 'Commands registered globally (may take up to an hour to appear).');
}

// Run directly (`node dist/main.js`, i.e. `npm start`).
if (import.meta.url === `file://${process.argv[1]}`) {
  start().catch((e: unknown) => {
    console.error(`veille: ${(e as Error).message}`);
    process.exit(1);
  });
}
