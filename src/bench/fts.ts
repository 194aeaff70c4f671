// `npm run bench:fts`: the PostgreSQL way to 100,000 articles, measured before building it. The
// synthetic corpus's passages go into a table with a `tsvector` of veille's own analysed terms
// (`simple` configuration: no stemming or stop words of PostgreSQL's, ours are already applied) and a
// GIN index; the bench questions' terms are looked up as candidate retrieval for the reranking would
// (the 160 best passages), with all their terms or only the rarer ones (in under 1 % of passages, as
// the in-memory search does at scale). Prints the load and index times, the table and index sizes,
// and the lookup latencies. Not wired into the bot.
//   npm run bench:fts -- [--articles 100000] [--questions 300]
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { terms as termsOf } from '../core/analysis/analyze.js';
import { loadCorpus } from '../core/corpus.js';
import { cutPassages } from '../core/passages.js';
import { startPostgres } from './postgres.js';
import { percentile, round } from './stats.js';
import { questions, synthesize } from './synth.js';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '100000' }, questions: { type: 'string', default: '300' } } });
const log = (m: string) => process.stderr.write(`${m}\n`);
const count = Number(values.articles);

const real = (await loadCorpus(path.resolve('corpus'))).articles;
let t = performance.now();
const corpus = synthesize(real, count);
log(`synthesised ${count} articles in ${round((performance.now() - t) / 1000, 1)} s`);

const server = await startPostgres();
const client = new pg.Client({ connectionString: await server.createDatabase() });
await client.connect();
const results: Record<string, unknown> = { articles: count };
try {
  await client.query('CREATE TABLE passages (id INTEGER PRIMARY KEY, article TEXT NOT NULL, tsv TSVECTOR NOT NULL)');
  const df = new Map<string, number>();
  let passages = 0;
  let analyse = 0;
  t = performance.now();
  let batch: { ids: number[]; articles: string[]; terms: string[] } = { ids: [], articles: [], terms: [] };
  const flush = async () => {
    if (!batch.ids.length) return;
    await client.query(
      `INSERT INTO passages (id, article, tsv) SELECT i, a, to_tsvector('simple', t) FROM unnest($1::int[], $2::text[], $3::text[]) AS u(i, a, t)`,
      [batch.ids, batch.articles, batch.terms],
    );
    batch = { ids: [], articles: [], terms: [] };
  };
  for (const a of corpus.articles) {
    for (const p of cutPassages(a)) {
      const s = performance.now();
      const terms = termsOf(p.text, a.lang);
      analyse += performance.now() - s;
      for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
      batch.ids.push(passages++);
      batch.articles.push(a.id);
      batch.terms.push(terms.join(' '));
      if (batch.ids.length >= 5000) await flush();
    }
  }
  await flush();
  results.passages = passages;
  results.analyseSeconds = round(analyse / 1000, 1);
  results.loadSeconds = round((performance.now() - t) / 1000, 1);
  log(`loaded ${passages} passages`);
  t = performance.now();
  await client.query('CREATE INDEX passages_tsv ON passages USING GIN (tsv)');
  results.ginBuildSeconds = round((performance.now() - t) / 1000, 1);
  await client.query('VACUUM ANALYZE passages');
  const size = await client.query(
    `SELECT pg_total_relation_size('passages') AS total, pg_relation_size('passages_tsv') AS gin`,
  );
  results.tableAndIndexMb = Math.round(Number(size.rows[0].total) / 1024 ** 2);
  results.ginMb = Math.round(Number(size.rows[0].gin) / 1024 ** 2);

  const qs = questions(corpus, Number(values.questions));
  const lookup = async (terms: string[]) => {
    if (!terms.length) return 0;
    const q = terms.map((x) => `'${x.replace(/'/g, "''")}'`).join(' | ');
    const s = performance.now();
    await client.query(
      `SELECT id FROM passages, to_tsquery('simple', $1) q WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 160`,
      [q],
    );
    return performance.now() - s;
  };
  for (const [name, pick] of [
    ['all terms', (ts: string[]) => ts],
    ['rarer terms (< 1 % of passages)', (ts: string[]) => ts.filter((x) => (df.get(x) ?? 0) < passages / 100)],
  ] as const) {
    const ms: number[] = [];
    for (const q of qs.slice(0, 20)) await lookup(pick(termsOf(q.text, q.lang))); // warm-up
    for (const q of qs) ms.push(await lookup(pick(termsOf(q.text, q.lang))));
    results[name] = { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)) };
    log(`${name}: done`);
  }
} finally {
  await client.end();
  await server.stop();
}
const machine = { cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l)) };
console.log(JSON.stringify({ machine, ...results }, null, 2));
