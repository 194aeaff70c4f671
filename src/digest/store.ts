// Digest state: subscriptions and runs. Behind `DigestStore` so that another backend can replace
// SQLite; `SqliteDigestStore` (better-sqlite3, one file under DATA_DIR) is the default.
//
// Exactly once: a run of (platform, channel, local day) is a unique row, claimed in a transaction
// before anything is posted; message ids are recorded one by one as messages go out; the run is
// marked delivered (or failed) at the end.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../state/sqlite-connection.js';

export type Platform = 'discord' | 'slack' | (string & {});

export interface Subscription {
  platform: Platform;
  channel: string;
  /** Local time of day, `HH:MM`. */
  time: string;
  /** IANA time zone name. */
  timezone: string;
  /** Who subscribed (a platform user id). */
  createdBy: string;
  /** ISO timestamp. */
  createdAt: string;
}

export type RunStatus = 'claimed' | 'delivered' | 'failed';

export interface DigestRun {
  id: number;
  platform: Platform;
  channel: string;
  /** The local day the digest is for, `YYYY-MM-DD` in the subscription's time zone. */
  day: string;
  status: RunStatus;
  /** The window of the digest (ISO): articles added in [windowStart, windowEnd). */
  windowStart: string;
  windowEnd: string;
  /** Ids of the messages posted so far, in order. */
  messageIds: string[];
  /** How many articles the digest had (null until composed). */
  articles: number | null;
  attempts: number;
  error: string | null;
  claimedAt: string;
  finishedAt: string | null;
  /** Which process holds the claim: `host/pid/instance` (see `processOwner`). */
  owner: string | null;
}

/** This process, as a claim owner: the host, the pid, and an id of this very start (pids are reused). */
export const processOwner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

/**
 * Whether the process that wrote `owner` is known to be gone: it ran on this host and its pid is
 * no longer alive, or the pid is ours but the start is not (a container restarted as pid 1).
 */
export function ownerIsGone(owner: string | null, self = processOwner): boolean {
  if (!owner || owner === self) return false;
  const [host, pidText] = owner.split('/');
  const [selfHost, selfPid] = self.split('/');
  if (host !== selfHost) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (String(pid) === selfPid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A digest run to claim: (platform, channel, day), its window, and who claims it. */
export interface ClaimInput {
  platform: Platform;
  channel: string;
  day: string;
  windowStart: string;
  windowEnd: string;
  now: Date;
  leaseMs: number;
  owner?: string;
  /** This process held the claim and its attempt failed midway (the store failed): take it back at once. */
  resume?: boolean;
}

export type ClaimResult =
  /** Ours to post: a fresh claim, or a stale one taken over (resume after `messageIds`). */
  | { claimed: true; run: DigestRun; takenOver: boolean }
  /** Someone posted it, failed it for good, or is at it (claim younger than the lease). */
  | { claimed: false; run: DigestRun };

export interface DigestStore {
  subscribe(sub: Omit<Subscription, 'createdAt'> & { createdAt?: string }): Subscription;
  /** True when there was a subscription to remove. */
  unsubscribe(platform: Platform, channel: string): boolean;
  subscription(platform: Platform, channel: string): Subscription | null;
  subscriptions(): Subscription[];

  /**
   * Claims the run of (platform, channel, day), atomically, for `owner`. A claim older than
   * `leaseMs`, or held by a process of this host that is gone (`ownerIsGone`), is taken over to
   * post what is missing.
   */
  claim(input: ClaimInput): ClaimResult;
  /** Records one message as posted (call as soon as the platform confirms it). */
  addMessageId(runId: number, messageId: string): void;
  /** Counts one more delivery attempt, with the error that ended the last one if any. */
  recordAttempt(runId: number, error: string | null): void;
  markDelivered(runId: number, input: { articles: number; now: Date }): void;
  markFailed(runId: number, input: { error: string; articles: number | null; now: Date }): void;
  run(platform: Platform, channel: string, day: string): DigestRun | null;
  /** The latest run of a channel (by day), whatever its status. */
  lastRun(platform: Platform, channel: string): DigestRun | null;
  /** The latest delivered run of a channel: the next digest's window starts at its end. */
  lastDelivered(platform: Platform, channel: string): DigestRun | null;
  close(): void;
}

/** Schema changes, in order; `PRAGMA user_version` is how many have been applied. */
const MIGRATIONS: string[] = [
  `CREATE TABLE subscriptions (
     platform   TEXT NOT NULL,
     channel    TEXT NOT NULL,
     time       TEXT NOT NULL,
     timezone   TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (platform, channel)
   );
   CREATE TABLE digest_runs (
     id           INTEGER PRIMARY KEY,
     platform     TEXT NOT NULL,
     channel      TEXT NOT NULL,
     local_day    TEXT NOT NULL,
     status       TEXT NOT NULL CHECK (status IN ('claimed', 'delivered', 'failed')),
     window_start TEXT NOT NULL,
     window_end   TEXT NOT NULL,
     message_ids  TEXT NOT NULL DEFAULT '[]',
     articles     INTEGER,
     attempts     INTEGER NOT NULL DEFAULT 0,
     error        TEXT,
     claimed_at   TEXT NOT NULL,
     finished_at  TEXT,
     UNIQUE (platform, channel, local_day)
   );
   CREATE INDEX digest_runs_by_channel ON digest_runs (platform, channel, status, local_day);`,
  // Who holds a claim, so that a restarted process takes over its dead predecessor's at once.
  `ALTER TABLE digest_runs ADD COLUMN owner TEXT;`,
  // Platform deliveries already answered (Slack retries and replays), across restarts.
  `CREATE TABLE seen_deliveries (
     key     TEXT PRIMARY KEY,
     seen_at INTEGER NOT NULL
   );
   CREATE INDEX seen_deliveries_by_time ON seen_deliveries (seen_at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

interface RunRow {
  id: number;
  platform: string;
  channel: string;
  local_day: string;
  status: RunStatus;
  window_start: string;
  window_end: string;
  message_ids: string;
  articles: number | null;
  attempts: number;
  error: string | null;
  claimed_at: string;
  finished_at: string | null;
  owner: string | null;
}

interface SubRow {
  platform: string;
  channel: string;
  time: string;
  timezone: string;
  created_by: string;
  created_at: string;
}

const toRun = (r: RunRow): DigestRun => ({
  id: r.id,
  platform: r.platform,
  channel: r.channel,
  day: r.local_day,
  status: r.status,
  windowStart: r.window_start,
  windowEnd: r.window_end,
  messageIds: JSON.parse(r.message_ids) as string[],
  articles: r.articles,
  attempts: r.attempts,
  error: r.error,
  claimedAt: r.claimed_at,
  finishedAt: r.finished_at,
  owner: r.owner,
});

const toSub = (r: SubRow): Subscription => ({
  platform: r.platform,
  channel: r.channel,
  time: r.time,
  timezone: r.timezone,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** The database file of a data folder. */
export function digestDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'veille.sqlite');
}

export class SqliteDigestStore implements DigestStore {
  readonly db: Database.Database;

  /** Opens (creating the folder and the file if need be) and migrates the database at `file`. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = openDatabase(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  /** The store of a data folder (DATA_DIR), created on first use. */
  static open(dataDir: string): SqliteDigestStore {
    return new SqliteDigestStore(digestDatabasePath(dataDir));
  }

  /** Throws when the file is damaged in a way opening did not show (a truncated file). */
  check(): void {
    const result = this.db.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw Object.assign(new Error(`database disk image is malformed (${String(result)})`), { code: 'SQLITE_CORRUPT' });
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > MIGRATIONS.length)
      throw new Error(`the digest database is at schema version ${current}, newer than this veille (${MIGRATIONS.length}); upgrade veille`);
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  }

  subscribe(sub: Omit<Subscription, 'createdAt'> & { createdAt?: string }): Subscription {
    const createdAt = sub.createdAt ?? new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO subscriptions (platform, channel, time, timezone, created_by, created_at)
         VALUES (@platform, @channel, @time, @timezone, @createdBy, @createdAt)
         ON CONFLICT (platform, channel) DO UPDATE SET time = excluded.time, timezone = excluded.timezone,
           created_by = excluded.created_by, created_at = excluded.created_at`,
      )
      .run({ ...sub, createdAt });
    return this.subscription(sub.platform, sub.channel)!;
  }

  unsubscribe(platform: Platform, channel: string): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE platform = ? AND channel = ?').run(platform, channel).changes > 0;
  }

  subscription(platform: Platform, channel: string): Subscription | null {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND channel = ?').get(platform, channel) as SubRow | undefined;
    return row ? toSub(row) : null;
  }

  subscriptions(): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions ORDER BY platform, channel').all() as SubRow[]).map(toSub);
  }

  claim(input: ClaimInput): ClaimResult {
    const { platform, channel, day, now, leaseMs } = input;
    const owner = input.owner ?? processOwner;
    return this.db
      .transaction((): ClaimResult => {
        const existing = this.run(platform, channel, day);
        if (!existing) {
          const id = Number(
            this.db
              .prepare(
                `INSERT INTO digest_runs (platform, channel, local_day, status, window_start, window_end, claimed_at, owner)
                 VALUES (?, ?, ?, 'claimed', ?, ?, ?, ?)`,
              )
              .run(platform, channel, day, input.windowStart, input.windowEnd, now.toISOString(), owner).lastInsertRowid,
          );
          return { claimed: true, run: this.runById(id)!, takenOver: false };
        }
        if (existing.status !== 'claimed') return { claimed: false, run: existing };
        const leaseOver = now.getTime() - Date.parse(existing.claimedAt) >= leaseMs;
        // Ours, resumed after this process's own attempt failed midway; or its owner is dead.
        const ownerDone = (input.resume === true && existing.owner === owner) || ownerIsGone(existing.owner, owner);
        if (!leaseOver && !ownerDone) return { claimed: false, run: existing };
        // A stale claim: its process died. Take it over, keeping its window (same digest).
        this.db.prepare('UPDATE digest_runs SET claimed_at = ?, owner = ? WHERE id = ?').run(now.toISOString(), owner, existing.id);
        return { claimed: true, run: this.runById(existing.id)!, takenOver: true };
      })
      .immediate();
  }

  addMessageId(runId: number, messageId: string): void {
    this.db
      .prepare(`UPDATE digest_runs SET message_ids = json_insert(message_ids, '$[#]', ?) WHERE id = ?`)
      .run(messageId, runId);
  }

  recordAttempt(runId: number, error: string | null): void {
    this.db.prepare('UPDATE digest_runs SET attempts = attempts + 1, error = ? WHERE id = ?').run(error, runId);
  }

  markDelivered(runId: number, input: { articles: number; now: Date }): void {
    this.db
      .prepare(`UPDATE digest_runs SET status = 'delivered', articles = ?, error = NULL, finished_at = ? WHERE id = ?`)
      .run(input.articles, input.now.toISOString(), runId);
  }

  markFailed(runId: number, input: { error: string; articles: number | null; now: Date }): void {
    this.db
      .prepare(`UPDATE digest_runs SET status = 'failed', articles = ?, error = ?, finished_at = ? WHERE id = ?`)
      .run(input.articles, input.error, input.now.toISOString(), runId);
  }

  run(platform: Platform, channel: string, day: string): DigestRun | null {
    const row = this.db
      .prepare('SELECT * FROM digest_runs WHERE platform = ? AND channel = ? AND local_day = ?')
      .get(platform, channel, day) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  /**
   * Its own connection, without an fsync per commit (synchronous=NORMAL, safe in WAL mode against
   * a crash of the process, not of the machine): it is written on the acknowledgement path of every
   * Slack request, which must not wait on the disk. Digest claims keep the default (FULL).
   */
  private deliveryDb: Database.Database | null = null;
  private deliveryStatements: { run: (key: string, at: number, ttlMs: number) => boolean } | null = null;

  /**
   * True the first time `key` (a platform delivery: Slack's trigger_id) is offered within `ttlMs`,
   * false for a retry or a replay; older keys are forgotten. (The state store's firstDelivery.)
   */
  firstDelivery(key: string, now: Date, ttlMs: number): boolean {
    if (!this.deliveryStatements) {
      const file = this.db.name;
      this.deliveryDb = file === ':memory:' || this.db.memory ? this.db : openDatabase(file);
      const db = this.deliveryDb;
      if (db !== this.db) {
        db.pragma('busy_timeout = 5000');
        db.pragma('synchronous = NORMAL');
      }
      // Prepared once: this runs on every Slack acknowledgement.
      const forget = db.prepare('DELETE FROM seen_deliveries WHERE seen_at < ?');
      const remember = db.prepare('INSERT INTO seen_deliveries (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
      const run = db.transaction((k: string, at: number, ttl: number): boolean => {
        forget.run(at - ttl);
        return remember.run(k, at).changes === 1;
      });
      this.deliveryStatements = { run: (k, at, ttl) => run.immediate(k, at, ttl) };
    }
    return this.deliveryStatements.run(key, now.getTime(), ttlMs);
  }


  private runById(id: number): DigestRun | null {
    const row = this.db.prepare('SELECT * FROM digest_runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  lastRun(platform: Platform, channel: string): DigestRun | null {
    const row = this.db
      .prepare('SELECT * FROM digest_runs WHERE platform = ? AND channel = ? ORDER BY local_day DESC, id DESC LIMIT 1')
      .get(platform, channel) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  lastDelivered(platform: Platform, channel: string): DigestRun | null {
    const row = this.db
      .prepare(
        `SELECT * FROM digest_runs WHERE platform = ? AND channel = ? AND status = 'delivered'
         ORDER BY window_end DESC, id DESC LIMIT 1`,
      )
      .get(platform, channel) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  close(): void {
    if (this.deliveryDb && this.deliveryDb !== this.db && this.deliveryDb.open) this.deliveryDb.close();
    this.deliveryDb = null;
    this.deliveryStatements = null;
    if (this.db.open) this.db.close();
  }
}

/** How the state file could be opened: a store, maybe after moving a damaged file aside; or why not. */
export type StoreOpening =
  | { ok: true; store: SqliteDigestStore; file: string; movedAside: string | null }
  | { ok: false; file: string; problem: 'damaged' | 'read-only' | 'cannot-open'; message: string };

const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);
const READ_ONLY = new Set(['SQLITE_READONLY', 'EROFS', 'EACCES', 'EPERM']);

/** Errors of the storage itself (disk full, I/O, locked), as opposed to a bug: worth a retry later. */
export function isStorageError(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return (
    code.startsWith('SQLITE_') ||
    ['ENOSPC', 'EIO', 'EROFS', 'EACCES', 'EDQUOT', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code) ||
    // PostgreSQL: connection exceptions (08), insufficient resources (53: disk full), operator intervention (57P).
    /^(08|53|57P)/.test(code)
  );
}

function sqliteCode(err: unknown): string {
  const e = err as { code?: unknown; message?: string };
  if (typeof e?.code === 'string') return e.code;
  return /not a database/.test(e?.message ?? '') ? 'SQLITE_NOTADB' : '';
}

/**
 * Opens the state file of a data folder, never throwing: a damaged file (not a database, or
 * failing SQLite's quick check) is moved aside to `veille.sqlite.damaged-<time>` (with its -wal
 * and -shm) and a fresh one created; a read-only file (no write permission, or a read-only
 * disk) is reported and left as it is; anything else (a full disk) is reported.
 */
export function openDigestStore(dataDir: string, now = new Date()): StoreOpening {
  const file = path.resolve(digestDatabasePath(dataDir));
  const fail = (problem: 'damaged' | 'read-only' | 'cannot-open', message: string): StoreOpening => ({ ok: false, file, problem, message });
  // A file without any write permission is read-only by the operator's choice, even for root.
  if (existsSync(file) && (statSync(file).mode & 0o222) === 0)
    return fail('read-only', `digests are unavailable: the state file ${file} is read-only; it is left as it is`);
  const attempt = (): SqliteDigestStore => {
    const store = new SqliteDigestStore(file);
    try {
      store.check();
      return store;
    } catch (e) {
      store.close();
      throw e;
    }
  };
  try {
    return { ok: true, store: attempt(), file, movedAside: null };
  } catch (e) {
    const code = sqliteCode(e);
    const reason = `${(e as Error).message}${code ? ` (${code})` : ''}`;
    if (READ_ONLY.has(code)) return fail('read-only', `digests are unavailable: the state file ${file} is read-only (${reason}); it is left as it is`);
    if (!DAMAGED.has(code)) return fail('cannot-open', `digests are unavailable: the state file ${file} cannot be opened: ${reason}`);
    const aside = `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(file, aside);
      for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    } catch (moveError) {
      return fail('damaged', `digests are unavailable: the state file ${file} is damaged (${reason}) and cannot be moved aside: ${(moveError as Error).message}`);
    }
    try {
      return { ok: true, store: attempt(), file, movedAside: aside };
    } catch (e2) {
      return fail('damaged', `digests are unavailable: the state file ${file} is damaged (moved aside to ${aside}), and a fresh one cannot be created: ${(e2 as Error).message}`);
    }
  }
}
