// A state file that breaks must not take the bot down: damaged files are moved aside and replaced,
// read-only ones are reported and left alone, and a digest whose state write fails (a full disk)
// is retried with backoff and shown by /digest status.
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDigestStore, openDigestStore, digestDatabasePath } from '../../src/digest/store.js';
import { DigestRunner } from '../../src/digest/runner.js';
import { sqliteStateStore } from '../../src/state/sqlite.js';
import { statusLines } from '../../src/adapters/common/digest.js';
import { Engine } from '../../src/core/engine.js';
import { article, recordingDelivery } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'veille-state-'));
  dirs.push(d);
  return d;
}

describe('opening the state file', () => {
  it('a file of random bytes is moved aside, intact, and a fresh working one is created', () => {
    const dir = dataDir();
    const junk = randomBytes(8192);
    writeFileSync(digestDatabasePath(dir), junk);
    const opening = openDigestStore(dir, new Date('2026-12-01T08:00:00Z'));
    if (!opening.ok) throw new Error(opening.message);
    expect(opening.movedAside).toBe(`${digestDatabasePath(dir)}.damaged-2026-12-01T08-00-00-000Z`);
    expect(readFileSync(opening.movedAside!)).toEqual(junk);
    opening.store.subscribe({ platform: 'slack', channel: 'C1', time: '09:00', timezone: 'UTC', createdBy: 'U1' });
    expect(opening.store.subscriptions()).toHaveLength(1);
    opening.store.close();
  });

  it('a truncated database is found out by the quick check and moved aside', () => {
    const dir = dataDir();
    const store = SqliteDigestStore.open(dir);
    for (let i = 0; i < 2000; i++) store.subscribe({ platform: 'slack', channel: `C${i}`, time: '09:00', timezone: 'Europe/Paris', createdBy: `U${i}` });
    store.close();
    const file = digestDatabasePath(dir);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const opening = openDigestStore(dir);
    expect(opening.ok && opening.movedAside).toBeTruthy();
    if (opening.ok) opening.store.close();
  });

  it('a read-only file is reported and left exactly as it was', () => {
    const dir = dataDir();
    const store = SqliteDigestStore.open(dir);
    store.subscribe({ platform: 'slack', channel: 'C1', time: '09:00', timezone: 'UTC', createdBy: 'U1' });
    store.close();
    const file = digestDatabasePath(dir);
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const listing = readdirSync(dir).sort();
    const opening = openDigestStore(dir);
    expect(opening).toMatchObject({ ok: false, problem: 'read-only' });
    expect(!opening.ok && opening.message).toBe(`digests are unavailable: the state file ${file} is read-only; it is left as it is`);
    expect(readFileSync(file)).toEqual(before);
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('a data folder that cannot hold the file is reported, not thrown', () => {
    const dir = dataDir();
    const notADir = path.join(dir, 'plain-file');
    writeFileSync(notADir, 'x');
    const opening = openDigestStore(notADir);
    expect(opening).toMatchObject({ ok: false, problem: 'cannot-open' });
    expect(!opening.ok && opening.message).toMatch(/^digests are unavailable: the state file .* cannot be opened: /);
  });
});

describe('a digest whose state write fails (a full disk)', () => {
  /** The real store, whose writes fail with SQLite's own "disk is full" error while `full` is set. */
  class FillingStore extends SqliteDigestStore {
    full = true;
    override claim(input: Parameters<SqliteDigestStore['claim']>[0]) {
      if (this.full) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
      return super.claim(input);
    }
  }

  it('is retried with backoff once space is back, shown by /digest status meanwhile, and posted once', async () => {
    const dir = dataDir();
    const store = new FillingStore(digestDatabasePath(dir));
    const delivery = recordingDelivery();
    const engine = Engine.fromArticles([article('a1', new Date(Date.now() - 3600_000).toISOString())]);
    const runner = new DigestRunner({ store: sqliteStateStore(store), engine, deliveries: [delivery], storageRetryDelaysMs: [200, 400] });
    await runner.start();
    const sub = store.subscribe({ platform: 'test', channel: 'C1', time: '00:00', timezone: 'UTC', createdBy: 'U1' });
    const first = await runner.trigger(sub, new Date());
    expect(first).toMatchObject({ status: 'deferred', error: 'database or disk is full' });
    expect(delivery.posts).toHaveLength(0);
    const lines = statusLines(await runner.status('test', 'C1'), '/digest subscribe');
    expect(lines.join('\n')).toMatch(/could not be run \(database or disk is full\), 1 try; trying again at \d\d:\d\d UTC\./);
    expect(lines.join('\n')).not.toContain('Last run: none yet');
    expect(runner.health()).toMatchObject({ status: 'degraded' });
    // The retry fails again (still full), then space is freed: the next retry posts it, once.
    await new Promise((r) => setTimeout(r, 300));
    expect((await runner.status('test', 'C1')).problem?.tries).toBe(2);
    store.full = false;
    const deadline = Date.now() + 5000;
    while (delivery.posts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await runner.idle();
    expect(delivery.posts).toHaveLength(1);
    expect((await runner.status('test', 'C1')).problem).toBeNull();
    expect((await runner.status('test', 'C1')).last).toMatchObject({ status: 'delivered' });
    expect(runner.health()).toEqual({ status: 'ok', detail: null });
    await runner.stop();
    store.close();
  });

  it('digests unavailable: the service says why, schedules nothing, and health reports it', async () => {
    const store = new SqliteDigestStore(':memory:');
    store.subscribe({ platform: 'slack', channel: 'C1', time: '00:00', timezone: 'UTC', createdBy: 'U1', createdAt: '2020-01-01T00:00:00Z' });
    const delivery = recordingDelivery('slack');
    const runner = new DigestRunner({
      store: sqliteStateStore(store),
      unavailable: 'digests are unavailable: the state file /x/veille.sqlite is read-only; it is left as it is',
      engine: Engine.fromArticles([article('a1', new Date(Date.now() - 3600_000).toISOString())]),
      deliveries: [delivery],
    });
    await runner.start();
    expect(runner.unavailable).toContain('is read-only');
    expect(runner.health()).toMatchObject({ status: 'unavailable' });
    // Nothing scheduled, nothing caught up: the stand-in store posts nothing.
    await runner.idle();
    expect(delivery.posts).toHaveLength(0);
    await runner.stop();
  });
});
