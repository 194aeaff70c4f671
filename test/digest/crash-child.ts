// A bot process for crash.test.ts: the real store (a SQLite file, or PostgreSQL when given a
// postgres:// URL) and runner, a delivery that
// appends each post to a file. CRASH=before-post exits once claimed, before posting; CRASH=after-post
// exits once posted, before the run is marked delivered. Without CRASH it waits for the delivery.
import { appendFileSync } from 'node:fs';
import type { Digest } from '../../src/core/types.js';
import { DigestRunner, type PostOptions } from '../../src/digest/runner.js';
import { SqliteDigestStore } from '../../src/digest/store.js';
import { PgStateStore } from '../../src/state/postgres.js';
import { sqliteStateStore } from '../../src/state/sqlite.js';

const [db, postsFile] = process.argv.slice(2);
const crash = process.env.CRASH;
const store = db.startsWith('postgres://') ? await PgStateStore.connect(db) : sqliteStateStore(new SqliteDigestStore(db));
if (!(await store.subscription('test', 'C1')))
  await store.subscribe({ platform: 'test', channel: 'C1', time: '00:00', timezone: 'UTC', createdBy: 'U1', createdAt: '2020-01-01T00:00:00Z' });

const engine = {
  digest: (since: Date, until: Date): Digest => ({
    since: since.toISOString(),
    until: until.toISOString(),
    day: until.toISOString().slice(0, 10),
    timeZone: 'UTC',
    count: 1,
    title: 'Digest',
    articles: [{ article: { id: 'a', title: 'A', source: null, date: null, url: null }, added: since.toISOString(), highlights: ['x'], topics: [] }],
  }),
};

const delivery = {
  platform: 'test',
  // As the platforms' deliveries do: the digest is one message here; post those from `from` on.
  async post(channel: string, digest: Digest, options: PostOptions = {}) {
    const ids: string[] = [];
    for (let page = options.from ?? 0; page < 1; page++) {
      if (crash === 'before-post') process.exit(3);
      appendFileSync(postsFile, `${process.pid} ${channel} ${digest.day} page ${page}\n`);
      await options.sent?.(`m-${process.pid}-${page}`);
      ids.push(`m-${process.pid}-${page}`);
      if (crash === 'after-post') process.exit(3);
    }
    return ids;
  },
};

const runner = new DigestRunner({ store, engine, deliveries: [delivery], leaseMs: Number(process.env.LEASE_MS ?? 400), retryDelaysMs: [10, 10] });
await runner.start();
// Wait until the day's run is settled (a claim left by a dead process is taken over after the lease).
const deadline = Date.now() + 5000;
const day = new Date().toISOString().slice(0, 10);
while (Date.now() < deadline && (await store.run('test', 'C1', day))?.status !== 'delivered') await new Promise((r) => setTimeout(r, 50));
await runner.stop();
console.log(JSON.stringify(await store.run('test', 'C1', day)));
await store.close();
