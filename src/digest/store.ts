// Digest state: subscriptions and runs. Behind `DigestStore` so that another backend can replace
// SQLite; `SqliteDigestStore` (better-sqlite3, one file under DATA_DIR) is the default.
//
// Exactly once: a run of (platform, channel, local day) is a unique row, claimed in a transaction
// before anything is posted; message ids are recorded one by one as messages go out; the run is
// marked delivered (or failed) at the end.
import { mkdirSync } from 'node:fs';
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
   * Claims the run of (platform, channel, day), atomically. A claim with no message posted and
   * older than `leaseMs` is taken over (its process died before posting anything); one with
   * messages already posted is taken over too, to post the rest only.
   */
  claim(input: { platform: Platform; channel: string; day: string; windowStart: string; windowEnd: string; now: Date; leaseMs: number }): ClaimResult;
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

  claim(input: { platform: Platform; channel: string; day: string; windowStart: string; windowEnd: string; now: Date; leaseMs: number }): ClaimResult {
    const { platform, channel, day, now, leaseMs } = input;
    return this.db
      .transaction((): ClaimResult => {
        const existing = this.run(platform, channel, day);
        if (!existing) {
          const id = Number(
            this.db
              .prepare(
                `INSERT INTO digest_runs (platform, channel, local_day, status, window_start, window_end, claimed_at)
                 VALUES (?, ?, ?, 'claimed', ?, ?, ?)`,
              )
              .run(platform, channel, day, input.windowStart, input.windowEnd, now.toISOString()).lastInsertRowid,
          );
          return { claimed: true, run: this.runById(id)!, takenOver: false };
        }
        if (existing.status !== 'claimed') return { claimed: false, run: existing };
        if (now.getTime() - Date.parse(existing.claimedAt) < leaseMs) return { claimed: false, run: existing };
        // A stale claim: its process died. Take it over, keeping its window (same digest).
        this.db.prepare('UPDATE digest_runs SET claimed_at = ? WHERE id = ?').run(now.toISOString(), existing.id);
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
    if (this.db.open) this.db.close();
  }
}
