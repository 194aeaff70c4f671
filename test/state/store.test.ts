// The state store's behaviour, the same on each implementation: the embedded SQLite file, PGlite
// (PostgreSQL in WebAssembly, fast) and a real PostgreSQL server started by the test. Then what
// only a shared database does: two replicas (two stores on one database) claiming at once, the
// feed lock, and corpus changes announced from one replica to the other.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDigestStore } from '../../src/digest/store.js';
import { documentStorage } from '../../src/ingest/state.js';
import { PG_MIGRATIONS, PgStateStore, pgDatabase, type Database } from '../../src/state/postgres.js';
import { sqliteStateStore } from '../../src/state/sqlite.js';
import { promised, type ConversationState, type StateStore } from '../../src/state/store.js';
import { ConversationStore, hashUser, type ConversationStoreOptions } from '../../src/state/conversation-store.js';
import { pglite, startPostgres, type PostgresServer } from '../helpers/postgres.js';

let server: PostgresServer;
let lite: Database;
beforeAll(async () => {
  [server, lite] = await Promise.all([startPostgres(), pglite()]);
}, 120_000);
afterAll(async () => {
  await lite?.end();
  await server?.stop();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** PGlite is one in-process database for the whole file: emptied for each test, closed at the end. */
async function freshLite(): Promise<Database> {
  await lite.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  return { ...lite, end: async () => {} };
}

const backends: [string, () => Promise<StateStore>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'veille-state-'));
      const store = sqliteStateStore(SqliteDigestStore.open(dir));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
      return store;
    },
  ],
  [
    'PGlite',
    async () => {
      const store = await PgStateStore.open(await freshLite());
      cleanups.push(() => store.close());
      return store;
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const store = await PgStateStore.connect(await server.createDatabase());
      cleanups.push(() => store.close());
      return store;
    },
  ],
];

const claimInput = (now: string, leaseMs = 60_000) => ({
  platform: 'discord',
  channel: 'C1',
  day: '2026-05-11',
  windowStart: '2026-05-10T07:00:00.000Z',
  windowEnd: now,
  now: new Date(now),
  leaseMs,
});

describe.each(backends)('state store (%s)', (_name, open) => {
  it('keeps one subscription per channel: subscribing again changes it, unsubscribing removes it', async () => {
    const store = await open();
    await store.subscribe({ platform: 'slack', channel: 'C2', time: '08:00', timezone: 'UTC', createdBy: 'U1', createdAt: '2026-05-01T00:00:00Z' });
    const first = await store.subscribe({ platform: 'discord', channel: 'C1', time: '09:00', timezone: 'Europe/Paris', createdBy: 'U1', createdAt: '2026-05-01T00:00:00Z' });
    expect(first).toEqual({ platform: 'discord', channel: 'C1', time: '09:00', timezone: 'Europe/Paris', createdBy: 'U1', createdAt: '2026-05-01T00:00:00Z' });
    await store.subscribe({ platform: 'discord', channel: 'C1', time: '07:30', timezone: 'America/New_York', createdBy: 'U2' });
    expect(await store.subscription('discord', 'C1')).toMatchObject({ time: '07:30', timezone: 'America/New_York', createdBy: 'U2' });
    expect((await store.subscriptions()).map((s) => `${s.platform}/${s.channel}`)).toEqual(['discord/C1', 'slack/C2']);
    expect(await store.unsubscribe('discord', 'C1')).toBe(true);
    expect(await store.unsubscribe('discord', 'C1')).toBe(false);
    expect(await store.subscription('discord', 'C1')).toBeNull();
    expect(await store.subscriptions()).toHaveLength(1);
  });

  it('claims a day once: a live claim is refused, a stale one is taken over with its window, a delivered one is final', async () => {
    const store = await open();
    const first = await store.claim(claimInput('2026-05-11T07:00:00.000Z'));
    expect(first).toMatchObject({ claimed: true, takenOver: false, run: { status: 'claimed', day: '2026-05-11', messageIds: [], attempts: 0 } });
    const live = await store.claim(claimInput('2026-05-11T07:00:30.000Z'));
    expect(live).toMatchObject({ claimed: false, run: { id: first.run.id, status: 'claimed' } });

    await store.addMessageId(first.run.id, 'm1');
    await store.addMessageId(first.run.id, 'm2');
    const stale = await store.claim({ ...claimInput('2026-05-11T07:01:00.000Z'), windowEnd: '2026-05-11T07:01:00.000Z' });
    expect(stale).toMatchObject({ claimed: true, takenOver: true });
    // The same digest: its window and what it already posted are kept.
    expect(stale.run).toMatchObject({ id: first.run.id, windowEnd: '2026-05-11T07:00:00.000Z', messageIds: ['m1', 'm2'], claimedAt: '2026-05-11T07:01:00.000Z' });

    await store.recordAttempt(first.run.id, 'HTTP 500: boom');
    await store.recordAttempt(first.run.id, null);
    await store.markDelivered(first.run.id, { articles: 4, now: new Date('2026-05-11T07:02:00.000Z') });
    const done = await store.claim(claimInput('2026-05-11T09:00:00.000Z'));
    expect(done).toMatchObject({ claimed: false, run: { status: 'delivered', articles: 4, attempts: 2, error: null, finishedAt: '2026-05-11T07:02:00.000Z' } });
  });

  it('finds the last run and the last delivered one, whose end starts the next window', async () => {
    const store = await open();
    expect(await store.lastRun('discord', 'C1')).toBeNull();
    const a = await store.claim({ ...claimInput('2026-05-10T07:00:00.000Z'), day: '2026-05-10' });
    await store.markDelivered(a.run.id, { articles: 1, now: new Date('2026-05-10T07:00:05.000Z') });
    const b = await store.claim(claimInput('2026-05-11T07:00:00.000Z'));
    await store.markFailed(b.run.id, { error: 'HTTP 403: Missing Access', articles: 2, now: new Date('2026-05-11T07:01:00.000Z') });
    expect(await store.lastRun('discord', 'C1')).toMatchObject({ day: '2026-05-11', status: 'failed', error: 'HTTP 403: Missing Access', articles: 2 });
    expect(await store.lastDelivered('discord', 'C1')).toMatchObject({ day: '2026-05-10', windowEnd: '2026-05-10T07:00:00.000Z' });
    expect(await store.run('discord', 'C1', '2026-05-12')).toBeNull();
    expect(await store.lastRun('slack', 'C1')).toBeNull();
  });

  it('of many claims of one day made at the same instant, exactly one wins', async () => {
    const store = await open();
    const results = await Promise.all(Array.from({ length: 8 }, () => store.claim(claimInput('2026-05-11T07:00:00.000Z'))));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
  });
});

/** The conversation store of each kind, with a clock of the test's. */
const conversationBackends: [string, (options: ConversationStoreOptions) => Promise<ConversationState>][] = [
  [
    'SQLite',
    async (options) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'veille-conv-'));
      const store = new ConversationStore(path.join(dir, 'c.sqlite'), options);
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
      return promised(store);
    },
  ],
  [
    'PGlite',
    async (options) => {
      const store = await PgStateStore.open(await freshLite(), { conversations: options });
      cleanups.push(() => store.close());
      return store.conversations;
    },
  ],
  [
    'PostgreSQL',
    async (options) => {
      const store = await PgStateStore.open(pgDatabase(await server.createDatabase()), { conversations: options });
      cleanups.push(() => store.close());
      return store.conversations;
    },
  ],
];

const answer = {
  platform: 'slack',
  channel: 'C1',
  thread: '1700000000.000100',
  kind: 'ask' as const,
  question: 'and Prometheus?',
  query: 'how big is Prometheus',
  lang: 'en' as const,
  start: 0,
  shown: 1,
  excerpts: [{ article: 'meta-superintelligence', text: 'Prometheus sera opérationnel en 2026.', start: 29, end: 33 }],
  private: false,
};

describe.each(conversationBackends)('conversation store (%s)', (_name, open) => {
  it('keeps answers with the message that shows them, and the channel languages', async () => {
    const store = await open({});
    const saved = await store.saveAnswer(answer);
    expect(saved.id).toMatch(/^[\w-]{12}$/);
    await store.setMessageId(saved.id, 'M1');
    expect(await store.answer(saved.id)).toMatchObject({ ...answer, id: saved.id, messageId: 'M1' });
    expect((await store.answerByMessage('slack', 'M1'))?.id).toBe(saved.id);
    expect(await store.answerByMessage('discord', 'M1')).toBeNull();
    expect(await store.answer('nope')).toBeNull();
    const chosen = await store.saveAnswer({ ...answer, id: 'made-before-1' });
    expect((await store.answer('made-before-1'))?.question).toBe(chosen.question);
    expect(await store.channelLanguage('slack', 'C1')).toBeNull();
    await store.setChannelLanguage('slack', 'C1', 'fr');
    await store.setChannelLanguage('slack', 'C1', 'en');
    expect(await store.channelLanguage('slack', 'C1')).toBe('en');
  });

  it('keeps the last N turns of a thread and forgets it a day after its last turn', async () => {
    let now = new Date('2026-12-01T10:00:00Z');
    const store = await open({ maxTurns: 3, now: () => now });
    for (let i = 1; i <= 5; i++) await store.addTurn('discord', 'th', { question: `q${i}`, query: `q${i}` });
    expect((await store.turns('discord', 'th')).map((t) => t.question)).toEqual(['q3', 'q4', 'q5']);
    expect(await store.turns('discord', 'other')).toEqual([]);
    now = new Date('2026-12-02T09:59:00Z');
    expect(await store.knowsThread('discord', 'th')).toBe(true);
    now = new Date('2026-12-02T10:01:00Z');
    expect(await store.knowsThread('discord', 'th')).toBe(false);
    await store.prune();
    now = new Date('2026-12-01T10:00:00Z');
    expect(await store.turns('discord', 'th')).toEqual([]);
  });

  it('counts one vote per user and answer; a second click changes it; the summary names the worst questions', async () => {
    const store = await open({});
    const a = await store.saveAnswer(answer);
    const alice = hashUser('slack', 'U1');
    const bob = hashUser('slack', 'U2');
    expect(await store.vote(a.id, alice, 'up')).toBe('recorded');
    expect(await store.vote(a.id, alice, 'up')).toBe('unchanged');
    expect(await store.vote(a.id, alice, 'down')).toBe('changed');
    expect(await store.vote(a.id, bob, 'down')).toBe('recorded');
    expect(await store.vote('nope', bob, 'down')).toBeNull();
    const b = await store.saveAnswer({ ...answer, query: 'who runs Meta' });
    expect(await store.vote(b.id, bob, 'up')).toBe('recorded');
    const rows = await store.feedback();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ platform: 'slack', channel: 'C1', question: 'and Prometheus?', excerpts: answer.excerpts });
    expect(await store.summary()).toEqual({ up: 1, down: 2, worst: [{ question: 'how big is Prometheus', down: 2, up: 0 }] });
  });
});

describe('PostgreSQL schema', () => {
  it('migrates once, whoever opens it first; a database from a newer veille is refused with a clear message', async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([PgStateStore.connect(url), PgStateStore.connect(url)]);
    cleanups.push(() => a.close(), () => b.close());
    expect(await a.schemaVersion()).toBe(PG_MIGRATIONS.length);
    const { rows } = await a.db.query('SELECT count(*)::int AS n FROM veille_migrations');
    expect(rows[0].n).toBe(PG_MIGRATIONS.length);
    await a.db.query('INSERT INTO veille_migrations (version) VALUES (99)');
    await expect(PgStateStore.connect(url)).rejects.toThrow(`the database is at schema version 99, newer than this veille (${PG_MIGRATIONS.length}); upgrade veille`);
  });
});

describe('two replicas on one PostgreSQL', () => {
  const urls = new Map<PgStateStore, string>();
  const urlOf = (store: PgStateStore) => urls.get(store)!;
  async function replicas(): Promise<[PgStateStore, PgStateStore]> {
    const url = await server.createDatabase();
    const a = await PgStateStore.connect(url);
    const b = await PgStateStore.connect(url);
    cleanups.push(() => a.close(), () => b.close());
    urls.set(a, url);
    return [a, b];
  }

  it('claim the same digest at the same instant: one posts it; a stale claim is taken over by one only', async () => {
    const [a, b] = await replicas();
    const [ra, rb] = await Promise.all([a.claim(claimInput('2026-05-11T07:00:00.000Z', 1000)), b.claim(claimInput('2026-05-11T07:00:00.000Z', 1000))]);
    expect([ra.claimed, rb.claimed].sort()).toEqual([false, true]);
    const later = claimInput('2026-05-11T07:00:05.000Z', 1000);
    const [ta, tb] = await Promise.all([a.claim(later), b.claim(later)]);
    expect([ta.claimed, tb.claimed].sort()).toEqual([false, true]);
  });

  it('claim each scheduled feed fetch once, and never fetch at the same time', async () => {
    const [a, b] = await replicas();
    const slot = '2026-05-11T06:50:00.000Z';
    expect((await Promise.all([a.claimFeedFetch(slot), b.claimFeedFetch(slot)])).sort()).toEqual([false, true]);
    expect(await b.claimFeedFetch('2026-05-12T06:50:00.000Z')).toBe(true);

    const events: string[] = [];
    let release!: () => void;
    const holding = a.withFeedLock(async () => {
      events.push('a fetches');
      await new Promise<void>((r) => (release = r));
      events.push('a done');
      return 3;
    });
    while (!events.length) await new Promise((r) => setTimeout(r, 10));
    const waiting = b.withFeedLock(async () => {
      events.push('b fetches');
      return 1;
    });
    await new Promise((r) => setTimeout(r, 200));
    release();
    expect(await holding).toEqual({ ran: true, value: 3 });
    // b waited for a to finish, and did not fetch again.
    expect(await waiting).toEqual({ ran: false });
    expect(events).toEqual(['a fetches', 'a done']);
    // Free again: b fetches.
    expect(await b.withFeedLock(async () => 'b')).toEqual({ ran: true, value: 'b' });
  });

  it('share the feeds’ state: what one saved after fetching, the other reads; a damaged one is an empty state, with a warning', async () => {
    const [a, b] = await replicas();
    const [sa, sb] = [documentStorage(a.feedStateDocument()), documentStorage(b.feedStateDocument())];
    expect(await sb.load()).toEqual({ version: 2, feeds: {} });
    // A document of the previous version (a bare list of links) is read as this one: every link kept.
    const feed = { etag: '"v1"', lastModified: null, lastFetched: '2026-05-11T06:50:01.000Z', seen: Array.from({ length: 1005 }, (_, i) => `https://example.com/${i}`) };
    await a.feedStateDocument().write({ version: 1, feeds: { 'https://example.com/feed.xml': feed } });
    const read = await sb.load();
    expect(read.feeds['https://example.com/feed.xml'].etag).toBe('"v1"');
    expect(Object.keys(read.feeds['https://example.com/feed.xml'].seen)).toHaveLength(1005);
    expect(read.feeds['https://example.com/feed.xml'].seen['https://example.com/1004']).toBe('2026-05-11T06:50:01.000Z');
    await sa.save(read);
    expect(Object.keys((await sb.load()).feeds['https://example.com/feed.xml'].seen)).toHaveLength(1005);
    await a.feedStateDocument().write({ version: 7 });
    const warnings: string[] = [];
    expect(await sb.load((m) => warnings.push(m))).toEqual({ version: 2, feeds: {} });
    expect(warnings[0]).toMatch(/^warning: the stored ingest state is not valid/);
  });

  it('answer a platform delivery once between them: a retry reaching the other replica is recognised, until its time to live is over', async () => {
    const [a, b] = await replicas();
    expect(await a.firstDelivery('trigger:1', 60_000)).toBe(true);
    expect(await b.firstDelivery('trigger:1', 60_000)).toBe(false);
    expect(await a.firstDelivery('trigger:1', 60_000)).toBe(false);
    expect(await b.firstDelivery('trigger:2', 60_000)).toBe(true);
    expect(await b.firstDelivery('trigger:3', 50)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(await a.firstDelivery('trigger:3', 50)).toBe(true);
  });

  it('share the conversations: an answer saved by one is found by the other (its buttons, votes and thread replies)', async () => {
    const [a, b] = await replicas();
    const saved = await a.conversations.saveAnswer(answer);
    await a.conversations.setMessageId(saved.id, 'M9');
    await a.conversations.addTurn('slack', 'T9', { question: 'how big is Hyperion', query: 'how big is Hyperion' });
    expect((await b.conversations.answerByMessage('slack', 'M9'))?.id).toBe(saved.id);
    expect(await b.conversations.knowsThread('slack', 'T9')).toBe(true);
    const [va, vb] = await Promise.all([
      a.conversations.vote(saved.id, hashUser('slack', 'U1'), 'up'),
      b.conversations.vote(saved.id, hashUser('slack', 'U1'), 'up'),
    ]);
    // Two clicks at once on two replicas: one vote.
    expect([va, vb].sort()).toEqual(['recorded', 'unchanged']);
    expect(await a.conversations.summary()).toMatchObject({ up: 1, down: 0 });
  });

  it('`veille feedback` with DATABASE_URL reports every replica’s votes', async () => {
    const [a, b] = await replicas();
    const x = await a.conversations.saveAnswer(answer);
    const y = await b.conversations.saveAnswer({ ...answer, query: 'who runs Meta' });
    await a.conversations.vote(x.id, hashUser('slack', 'U1'), 'down');
    await b.conversations.vote(y.id, hashUser('slack', 'U2'), 'up');
    const empty = mkdtempSync(path.join(tmpdir(), 'veille-feedback-'));
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), 'feedback'], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: empty, DATABASE_URL: urlOf(a) },
      timeout: 20_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 vote(s): 1 👍 (50%), 1 👎 (50%).');
    expect(run.stdout).toMatch(/1 👎 +0 👍 +how big is Prometheus/);
  });

  it('hear of each other’s corpus changes, not of their own', async () => {
    const [a, b] = await replicas();
    const heard: string[] = [];
    a.onCorpusChange(() => heard.push('a'));
    b.onCorpusChange(() => heard.push('b'));
    await a.announceCorpusChange();
    const deadline = Date.now() + 5000;
    while (!heard.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toEqual(['b']);
  });
});
