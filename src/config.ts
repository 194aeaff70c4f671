// Configuration from the environment (and `.env`), validated once at start.
// Every problem is reported by variable name; secret values are never echoed.
import { z } from 'zod';
import { Cron } from 'croner';
import { availableParallelism } from 'node:os';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const optionalUrl = optionalString.pipe(z.url({ message: 'must be an http(s) URL' }).optional());

const positiveInt = (fallback: number) =>
  optionalString
    .pipe(z.string().regex(/^[1-9]\d*$/, 'must be a positive whole number').transform(Number).optional())
    .transform((n) => n ?? fallback);

const optionalBoolean = (fallback: boolean) =>
  optionalString
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).optional())
    .transform((s) => (s === undefined ? fallback : s === 'true' || s === '1' || s === 'yes'));

const wholeNumber = (fallback: number) =>
  optionalString
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number (0 or more)').transform(Number).optional())
    .transform((n) => n ?? fallback);

/** One core stays free for the main thread (acknowledgements, routing); at most 4 copies of the index. */
const defaultAnswerWorkers = Math.min(4, Math.max(1, availableParallelism() - 1));
/** `/name` as Slack accepts it (lower case, at most 32 characters); the leading slash may be left out. */
const slashCommand = (fallback: string) =>
  optionalString
    .transform((s) => (s === undefined ? fallback : s.startsWith('/') ? s : `/${s}`))
    .pipe(z.string().regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command name such as /ask (lower case, letters, digits, - or _)'));

export const envSchema = z
  .object({
    CORPUS_DIR: optionalString.transform((s) => s ?? 'corpus'),
    DATA_DIR: optionalString.transform((s) => s ?? 'data'),
    /** The shared state store (docs/scaling.md); unset: SQLite in DATA_DIR, for one process. */
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/veille')
        .optional(),
    ),
    LOG_LEVEL: optionalString.pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    ),

    DISCORD_TOKEN: optionalString,
    DISCORD_APPLICATION_ID: optionalString.pipe(
      z.string().regex(/^\d{17,20}$/, 'must be the numeric application id (a snowflake)').optional(),
    ),
    DISCORD_API_URL: optionalUrl,
    /** Gateway shards (docs/scaling.md): `auto` (Discord's recommendation) or how many; unset: one. */
    DISCORD_SHARDS: optionalString.pipe(
      z
        .string()
        .regex(/^(auto|[1-9]\d*)$/, 'must be auto or a positive whole number')
        .transform((s): 'auto' | number => (s === 'auto' ? 'auto' : Number(s)))
        .optional(),
    ),
    /** The shards this process runs, e.g. `0,1` or `0-3` (needs DISCORD_SHARDS=N); unset: all of them. */
    DISCORD_SHARD_IDS: optionalString.pipe(
      z
        .string()
        .regex(/^\d+(-\d+)?(\s*[, ]\s*\d+(-\d+)?)*$/, 'must list shard ids such as 0,1 or 0-3')
        .transform(parseShardIds)
        .optional(),
    ),

    SLACK_BOT_TOKEN: optionalString.pipe(
      z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
    ),
    SLACK_APP_TOKEN: optionalString.pipe(
      z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
    ),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_API_URL: optionalUrl,
    /** Hosts a signed request's response_url may point to (GovSlack, tests); default Slack's own. */
    SLACK_RESPONSE_URL_HOSTS: optionalString.transform((s) => (s ? s.split(/[\s,]+/).filter(Boolean) : undefined)),
    PORT: positiveInt(3000),
    /** The slash commands' names in this workspace (another app may own /ask); the manifest follows them. */
    SLACK_COMMAND_ASK: slashCommand('/ask'),
    SLACK_COMMAND_SOURCES: slashCommand('/sources'),
    SLACK_COMMAND_DIGEST: slashCommand('/digest'),

    /** An HTTP port for /healthz and /metrics; unset: no such endpoint. */
    HEALTH_PORT: optionalString.pipe(z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number).refine((n) => n <= 65535, 'must be a port number').optional()),
    /** The address it listens on: loopback by default; 0.0.0.0 for a probe or scraper from outside (containers). */
    HEALTH_HOST: optionalString.transform((s) => s ?? '127.0.0.1'),

    /** Corpus files larger than this are skipped with a warning (read by src/core/corpus.ts). */
    CORPUS_MAX_FILE_BYTES: positiveInt(2 * 1024 * 1024),
    /** Worker threads that compute answers off the event loop (each holds a copy of the index); 0: in the main thread. */
    ANSWER_WORKERS: wholeNumber(defaultAnswerWorkers),
    /** Questions waiting for a worker before new ones get "busy, try again in a moment". */
    ANSWER_QUEUE_LIMIT: positiveInt(256),

    /** Questions a user may ask per window. */
    RATE_LIMIT_COUNT: positiveInt(5),
    RATE_LIMIT_WINDOW_SECONDS: positiveInt(30),

    /**
     * In a thread the bot answered in, answer every message (`all`: needs the privileged Message
     * Content intent) or only those that mention it or reply to it (`mention`, the default).
     */
    DISCORD_THREAD_FOLLOW_UPS: optionalString
      .pipe(z.enum(['mention', 'all'], { message: 'must be mention or all' }).optional())
      .transform((s) => s ?? 'mention'),

    /** A digest with no new article: post a "quiet day" line, or post nothing (default). */
    DIGEST_QUIET_DAY: optionalString.pipe(z.enum(['post', 'skip'], { message: 'must be post or skip' }).optional()).transform((s) => s ?? 'skip'),
    /** Slack user ids (U…) who may change a channel's digest besides workspace admins and owners. */
    SLACK_DIGEST_ADMINS: optionalString.transform((s) => (s ? s.split(/[\s,]+/).filter(Boolean) : [])),

    /** Feeds to ingest, separated by spaces, commas or new lines. */
    FEEDS: optionalString.transform((s) => (s ? s.split(/[\s,]+/).filter(Boolean) : [])),
    /** When the running bot fetches FEEDS (cron, 5 or 6 fields), in FEEDS_TIMEZONE. */
    FEEDS_SCHEDULE: optionalString.transform((s) => s ?? '50 6 * * *'),
    FEEDS_TIMEZONE: optionalString
      .transform((s) => s ?? 'UTC')
      .refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris'),
    /** A feed seen for the first time contributes only its N most recent items. */
    FEEDS_FIRST_RUN_ITEMS: positiveInt(5),
    /** At most N new items of one feed per run (a feed that suddenly lists thousands must not flood the corpus). */
    FEEDS_MAX_ITEMS_PER_RUN: positiveInt(20),
    /** An item link is remembered until its feed has stopped showing it for N days. */
    FEEDS_SEEN_DAYS: positiveInt(90),
    /** Fetching limits for `veille ingest` and the scheduled feed fetch. */
    INGEST_TIMEOUT_MS: positiveInt(20_000),
    INGEST_MAX_BYTES: positiveInt(10 * 1024 * 1024),
    INGEST_MAX_REDIRECTS: positiveInt(5),
    /** A URL or e-mail address for the User-Agent, so that sites can reach the operator. */
    INGEST_CONTACT: optionalString,
    /** Ingestion may fetch loopback, private and link-local addresses (intranet feeds); off by default. */
    INGEST_ALLOW_PRIVATE: optionalBoolean(false),
    /** Hosts (`intranet.example`, `.example` with its subdomains), IPs or CIDRs fetched although private. */
    INGEST_ALLOW_HOSTS: optionalString.transform((s) => (s ? s.split(/[\s,]+/).filter(Boolean) : [])),
  })
  .superRefine((env, ctx) => {
    try {
      new Cron(env.FEEDS_SCHEDULE, { paused: true, timezone: env.FEEDS_TIMEZONE }).stop();
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['FEEDS_SCHEDULE'], message: `is not a valid cron pattern (${(e as Error).message})` });
    }
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID)
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'is required when DISCORD_TOKEN is set' });
    if (env.DISCORD_APPLICATION_ID && !env.DISCORD_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['DISCORD_TOKEN'], message: 'is required when DISCORD_APPLICATION_ID is set' });
    if (env.DISCORD_SHARD_IDS) {
      if (typeof env.DISCORD_SHARDS !== 'number')
        ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARDS'], message: 'must be a number when DISCORD_SHARD_IDS is set (every process must agree on it)' });
      else if (env.DISCORD_SHARD_IDS.some((id) => id >= (env.DISCORD_SHARDS as number)))
        ctx.addIssue({ code: 'custom', path: ['DISCORD_SHARD_IDS'], message: `must be below DISCORD_SHARDS (${env.DISCORD_SHARDS}): shards are numbered from 0` });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    const names = [env.SLACK_COMMAND_ASK, env.SLACK_COMMAND_SOURCES, env.SLACK_COMMAND_DIGEST];
    if (new Set(names).size < names.length)
      ctx.addIssue({ code: 'custom', path: ['SLACK_COMMAND_ASK'], message: `SLACK_COMMAND_SOURCES and SLACK_COMMAND_DIGEST must differ (${names.join(', ')})` });
    if (!env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET))
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when other SLACK_ variables are set' });
  });

export type Config = z.infer<typeof envSchema>;

/** `0,2-4` → [0, 2, 3, 4]. */
function parseShardIds(list: string): number[] {
  const ids = new Set<number>();
  for (const part of list.split(/[\s,]+/).filter(Boolean)) {
    const [from, to = from] = part.split('-').map(Number);
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws a ConfigError naming every bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`));
}

/** Which platforms the configuration turns on. */
export function platformsOf(config: Config): { discord: boolean; slack: 'socket' | 'http' | false } {
  return {
    discord: Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID),
    slack: config.SLACK_BOT_TOKEN ? (config.SLACK_APP_TOKEN ? 'socket' : 'http') : false,
  };
}
