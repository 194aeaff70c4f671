// What the bot remembers of its conversations, so that it survives a restart: each answer it
// posted (for its buttons and its feedback), the turns of each thread it answered in (for
// follow-ups), and the votes on its answers. Plain methods over one SQLite file in DATA_DIR
// (better-sqlite3, a versioned schema), kept apart from the digest's state so that it can move
// behind a shared store interface as a unit.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from './sqlite-connection.js';

export type Platform = 'discord' | 'slack' | (string & {});
export type Vote = 'up' | 'down';

/** An excerpt as cited: its article, its verbatim text, and the offsets of its answer span in it, if any. */
export interface CitedExcerpt {
  article: string;
  text: string;
  start: number | null;
  end: number | null;
}

/** One page of an answer (or of a sources list) as posted: what its buttons need to act again. */
export interface AnswerRecord {
  id: string;
  platform: Platform;
  channel: string;
  /** The thread the answer belongs to (its conversation), when there is one. */
  thread: string | null;
  kind: 'ask' | 'sources';
  /** The message as the user wrote it (without the mention). */
  question: string;
  /** What was searched: the question, or the follow-up read with the thread's history. */
  query: string;
  lang: 'en' | 'fr';
  /** Offset of the first excerpt shown, and how many were shown. */
  start: number;
  shown: number;
  excerpts: CitedExcerpt[];
  /** Whether the answer was shown to the asker alone. */
  private: boolean;
  /** The platform's id of the posted message, once known. */
  messageId: string | null;
  createdAt: string;
}

/** `id`: made by `newAnswerId()` when the caller needs it before the answer is saved (its buttons carry it). */
export type NewAnswer = Omit<AnswerRecord, 'id' | 'messageId' | 'createdAt'> & { createdAt?: string; id?: string };

/** A fresh answer id, short enough for a Discord custom_id. */
export function newAnswerId(): string {
  return randomBytes(9).toString('base64url');
}

/** A question of a thread and what was searched for it. */
export interface Turn {
  question: string;
  query: string;
  at: string;
}

export interface FeedbackRow {
  answerId: string;
  platform: Platform;
  channel: string;
  userHash: string;
  question: string;
  query: string;
  lang: 'en' | 'fr';
  excerpts: CitedExcerpt[];
  vote: Vote;
  at: string;
}

export interface FeedbackSummary {
  up: number;
  down: number;
  /** Questions with at least one down-vote, most down-voted first. */
  worst: { question: string; down: number; up: number }[];
}

export interface ConversationStoreOptions {
  /** Turns kept per thread (default 10): a follow-up only needs the last few. */
  maxTurns?: number;
  /** How long a thread is remembered after its last turn (default a day). */
  threadTtlMs?: number;
  /** How long answers are kept for their buttons (default 90 days). */
  answerTtlMs?: number;
  now?: () => Date;
}

const DAY = 24 * 3600_000;

/** Schema changes, in order; `PRAGMA user_version` is how many have been applied. */
const MIGRATIONS: string[] = [
  `CREATE TABLE answers (
     id         TEXT PRIMARY KEY,
     platform   TEXT NOT NULL,
     channel    TEXT NOT NULL,
     thread     TEXT,
     kind       TEXT NOT NULL CHECK (kind IN ('ask', 'sources')),
     question   TEXT NOT NULL,
     query      TEXT NOT NULL,
     lang       TEXT NOT NULL,
     start      INTEGER NOT NULL,
     shown      INTEGER NOT NULL,
     excerpts   TEXT NOT NULL,
     private    INTEGER NOT NULL,
     message_id TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX answers_by_message ON answers (platform, message_id);
   CREATE INDEX answers_by_age ON answers (created_at);
   CREATE TABLE turns (
     id       INTEGER PRIMARY KEY,
     platform TEXT NOT NULL,
     thread   TEXT NOT NULL,
     question TEXT NOT NULL,
     query    TEXT NOT NULL,
     at       TEXT NOT NULL
   );
   CREATE INDEX turns_by_thread ON turns (platform, thread, id);
   CREATE TABLE feedback (
     answer_id TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     platform  TEXT NOT NULL,
     channel   TEXT NOT NULL,
     question  TEXT NOT NULL,
     query     TEXT NOT NULL,
     lang      TEXT NOT NULL,
     excerpts  TEXT NOT NULL,
     vote      TEXT NOT NULL CHECK (vote IN ('up', 'down')),
     at        TEXT NOT NULL,
     PRIMARY KEY (answer_id, user_hash)
   );
   CREATE TABLE channel_languages (
     platform TEXT NOT NULL,
     channel  TEXT NOT NULL,
     lang     TEXT NOT NULL,
     PRIMARY KEY (platform, channel)
   );`,
];

export const CONVERSATION_SCHEMA_VERSION = MIGRATIONS.length;

export function conversationDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'conversations.sqlite');
}

/**
 * A user id as stored with a vote: a hash, so that the feedback table names nobody. Salted with
 * the platform so the same id on two platforms does not meet.
 */
export function hashUser(platform: Platform, userId: string): string {
  return createHash('sha256').update(`veille:${platform}:${userId}`).digest('hex').slice(0, 16);
}

interface AnswerRow {
  id: string;
  platform: string;
  channel: string;
  thread: string | null;
  kind: 'ask' | 'sources';
  question: string;
  query: string;
  lang: string;
  start: number;
  shown: number;
  excerpts: string;
  private: number;
  message_id: string | null;
  created_at: string;
}

const toAnswer = (r: AnswerRow): AnswerRecord => ({
  id: r.id,
  platform: r.platform,
  channel: r.channel,
  thread: r.thread,
  kind: r.kind,
  question: r.question,
  query: r.query,
  lang: r.lang === 'fr' ? 'fr' : 'en',
  start: r.start,
  shown: r.shown,
  excerpts: JSON.parse(r.excerpts) as CitedExcerpt[],
  private: r.private === 1,
  messageId: r.message_id,
  createdAt: r.created_at,
});

export class ConversationStore {
  private readonly db: Database.Database;
  private readonly maxTurns: number;
  private readonly threadTtlMs: number;
  private readonly answerTtlMs: number;
  private readonly now: () => Date;
  private writes = 0;

  /** `file`: a path, or `:memory:` for a store that lives as long as the process. */
  constructor(file: string, options: ConversationStoreOptions = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = openDatabase(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.maxTurns = options.maxTurns ?? 10;
    this.threadTtlMs = options.threadTtlMs ?? DAY;
    this.answerTtlMs = options.answerTtlMs ?? 90 * DAY;
    this.now = options.now ?? (() => new Date());
    this.migrate();
  }

  static open(dataDir: string, options?: ConversationStoreOptions): ConversationStore {
    return new ConversationStore(conversationDatabasePath(dataDir), options);
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > MIGRATIONS.length)
      throw new Error(`the conversation store is at schema ${current}, newer than this version of veille (${MIGRATIONS.length})`);
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  }

  // ── answers ────────────────────────────────────────────────────────────────────────────────

  /** Records a posted answer; returns it with its id (short enough for a Discord custom_id). */
  saveAnswer(answer: NewAnswer): AnswerRecord {
    const id = answer.id ?? newAnswerId();
    const createdAt = answer.createdAt ?? this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO answers (id, platform, channel, thread, kind, question, query, lang, start, shown, excerpts, private, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        answer.platform,
        answer.channel,
        answer.thread,
        answer.kind,
        answer.question,
        answer.query,
        answer.lang,
        answer.start,
        answer.shown,
        JSON.stringify(answer.excerpts),
        answer.private ? 1 : 0,
        createdAt,
      );
    this.maybePrune();
    return { ...answer, id, messageId: null, createdAt };
  }

  answer(id: string): AnswerRecord | null {
    const row = this.db.prepare('SELECT * FROM answers WHERE id = ?').get(id) as AnswerRow | undefined;
    return row ? toAnswer(row) : null;
  }

  /** Remembers which platform message shows the answer (a reply to it is a follow-up). */
  setMessageId(id: string, messageId: string): void {
    this.db.prepare('UPDATE answers SET message_id = ? WHERE id = ?').run(messageId, id);
  }

  answerByMessage(platform: Platform, messageId: string): AnswerRecord | null {
    const row = this.db
      .prepare('SELECT * FROM answers WHERE platform = ? AND message_id = ? ORDER BY created_at DESC LIMIT 1')
      .get(platform, messageId) as AnswerRow | undefined;
    return row ? toAnswer(row) : null;
  }

  // ── threads ────────────────────────────────────────────────────────────────────────────────

  /** Adds a turn to a thread, keeping only the last `maxTurns`. */
  addTurn(platform: Platform, thread: string, turn: Omit<Turn, 'at'> & { at?: string }): void {
    const at = turn.at ?? this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO turns (platform, thread, question, query, at) VALUES (?, ?, ?, ?, ?)').run(platform, thread, turn.question, turn.query, at);
      this.db
        .prepare(
          `DELETE FROM turns WHERE platform = ? AND thread = ? AND id NOT IN
             (SELECT id FROM turns WHERE platform = ? AND thread = ? ORDER BY id DESC LIMIT ?)`,
        )
        .run(platform, thread, platform, thread, this.maxTurns);
    })();
    this.maybePrune();
  }

  /** The thread's turns, oldest first; none once the thread has been quiet for longer than its time to live. */
  turns(platform: Platform, thread: string): Turn[] {
    const rows = this.db
      .prepare('SELECT question, query, at FROM turns WHERE platform = ? AND thread = ? ORDER BY id')
      .all(platform, thread) as Turn[];
    const last = rows.at(-1);
    if (!last || this.now().getTime() - Date.parse(last.at) > this.threadTtlMs) return [];
    return rows;
  }

  /** Whether the bot answered in this thread within its time to live. */
  knowsThread(platform: Platform, thread: string): boolean {
    return this.turns(platform, thread).length > 0;
  }

  // ── feedback ───────────────────────────────────────────────────────────────────────────────

  /**
   * Records a user's vote on an answer: once per user and answer, a second click changing it.
   * Returns what happened, or null when the answer is unknown.
   */
  vote(answerId: string, userHash: string, vote: Vote): 'recorded' | 'changed' | 'unchanged' | null {
    const answer = this.answer(answerId);
    if (!answer) return null;
    return this.db.transaction(() => {
      const before = this.db.prepare('SELECT vote FROM feedback WHERE answer_id = ? AND user_hash = ?').get(answerId, userHash) as
        | { vote: Vote }
        | undefined;
      if (before?.vote === vote) return 'unchanged' as const;
      this.db
        .prepare(
          `INSERT INTO feedback (answer_id, user_hash, platform, channel, question, query, lang, excerpts, vote, at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
        )
        .run(
          answerId,
          userHash,
          answer.platform,
          answer.channel,
          answer.question,
          answer.query,
          answer.lang,
          JSON.stringify(answer.excerpts),
          vote,
          this.now().toISOString(),
        );
      return before ? ('changed' as const) : ('recorded' as const);
    })();
  }

  feedback(): FeedbackRow[] {
    const rows = this.db.prepare('SELECT * FROM feedback ORDER BY at').all() as {
      answer_id: string;
      user_hash: string;
      platform: string;
      channel: string;
      question: string;
      query: string;
      lang: string;
      excerpts: string;
      vote: Vote;
      at: string;
    }[];
    return rows.map((r) => ({
      answerId: r.answer_id,
      platform: r.platform,
      channel: r.channel,
      userHash: r.user_hash,
      question: r.question,
      query: r.query,
      lang: r.lang === 'fr' ? 'fr' : 'en',
      excerpts: JSON.parse(r.excerpts) as CitedExcerpt[],
      vote: r.vote,
      at: r.at,
    }));
  }

  summary(limit = 10): FeedbackSummary {
    const counts = this.db.prepare("SELECT vote, COUNT(*) AS n FROM feedback GROUP BY vote").all() as { vote: Vote; n: number }[];
    const worst = this.db
      .prepare(
        `SELECT query AS question, SUM(vote = 'down') AS down, SUM(vote = 'up') AS up FROM feedback
         GROUP BY query HAVING down > 0 ORDER BY down DESC, up ASC, question LIMIT ?`,
      )
      .all(limit) as { question: string; down: number; up: number }[];
    return {
      up: counts.find((c) => c.vote === 'up')?.n ?? 0,
      down: counts.find((c) => c.vote === 'down')?.n ?? 0,
      worst,
    };
  }

  // ── channels ───────────────────────────────────────────────────────────────────────────────

  /** The language of what the bot posts by itself in a channel (the digest): its subscriber's. */
  setChannelLanguage(platform: Platform, channel: string, lang: 'en' | 'fr'): void {
    this.db
      .prepare('INSERT INTO channel_languages (platform, channel, lang) VALUES (?, ?, ?) ON CONFLICT (platform, channel) DO UPDATE SET lang = excluded.lang')
      .run(platform, channel, lang);
  }

  channelLanguage(platform: Platform, channel: string): 'en' | 'fr' | null {
    const row = this.db.prepare('SELECT lang FROM channel_languages WHERE platform = ? AND channel = ?').get(platform, channel) as
      | { lang: string }
      | undefined;
    return row ? (row.lang === 'fr' ? 'fr' : 'en') : null;
  }

  // ── housekeeping ───────────────────────────────────────────────────────────────────────────

  /** Forgets expired threads and answers too old for their buttons (votes are kept). */
  prune(): void {
    const now = this.now().getTime();
    const threadsBefore = new Date(now - this.threadTtlMs).toISOString();
    this.db
      .prepare(
        `DELETE FROM turns WHERE (platform, thread) IN
           (SELECT platform, thread FROM turns GROUP BY platform, thread HAVING MAX(at) < ?)`,
      )
      .run(threadsBefore);
    this.db.prepare('DELETE FROM answers WHERE created_at < ?').run(new Date(now - this.answerTtlMs).toISOString());
  }

  /** Prunes now and then rather than on a timer: nothing to stop at shutdown. */
  private maybePrune(): void {
    if (++this.writes % 500 === 0) this.prune();
  }

  close(): void {
    this.db.close();
  }
}
