// One corpus size of the benchmark, in its own process (so memory figures are its own):
//   node --expose-gc dist/bench/size.js --articles 1000 [--questions 1000] [--topics 1000] [--no-cold]
// Prints one JSON line: the SizeResult.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { loadCorpus, serializeArticle } from '../core/corpus.js';
import { Engine } from '../core/engine.js';
import { parseQuery, termsOfVariant } from '../core/question.js';
import { terms } from '../core/analysis/analyze.js';
import { SearchIndex } from '../core/search-index.js';
import { readSnapshot, writeSnapshot } from '../core/snapshot.js';
import { measureReplica, servingMemory } from './replica.js';
import { questions, synthesize, topics } from './synth.js';
import { gc, mb, percentile, round, time } from './stats.js';

export interface SizeResult {
  articles: number;
  passages: number;
  terms: number;
  corpusMb: number;
  buildMs: number;
  snapshotSaveMs: number;
  snapshotLoadMs: number;
  snapshotMb: number;
  askP50Ms: number;
  askP99Ms: number;
  askMeanMs: number;
  /** Our index's search alone, with every term of the question (what minisearch was given before). */
  searchP50Ms: number;
  searchP99Ms: number;
  /** Real minisearch over the same passages and query; null above `--raw-max` articles (it would not fit in memory). */
  rawP50Ms: number | null;
  rawP99Ms: number | null;
  sourcesP50Ms: number;
  sourcesP99Ms: number;
  answeredShare: number;
  coldStartMs: number | null;
  coldStartNoSnapshotMs: number | null;
  heapMb: number;
  rssMb: number;
  maxRssMb: number;
  /** A fresh process loaded from the snapshot, after one answer and a GC: what the bot holds. */
  servingRssMb: number | null;
  servingHeapMb: number | null;
  /** A replica (`npm start`, Slack HTTP, PostgreSQL, one answer worker) after 200 answers: VmRSS, its peak, the answers' latency (see replica.ts). */
  replicaRssMb: number | null;
  replicaPeakRssMb: number | null;
  replicaAnswerP50Ms: number | null;
  replicaAnswerP99Ms: number | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

/** The terms and boosts of a question, as `rankCandidates` weighs them (a copy of rank.ts's first lines). */
function searchQuery(question: string, index: SearchIndex) {
  const query = parseQuery(question, index);
  const boost = new Map<string, number>();
  for (const g of query.groups.filter((g) => g.variants.length))
    for (const v of g.variants)
      for (const t of termsOfVariant(v)) boost.set(t, Math.max(boost.get(t) ?? 0, v.weight * (g.isName ? 1.5 : 1)));
  return boost;
}

/** Runs the CLI once, as a user would; resolves with the time from spawn to the first byte of the answer. */
function coldStart(corpusDir: string, dataDir: string, question: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first: number | null = null;
    const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'ask', question, '--json'], {
      env: { ...process.env, CORPUS_DIR: corpusDir, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stdout.on('data', () => (first ??= performance.now() - started));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 || first === null) reject(new Error(`cli ask exited ${code}: ${err.slice(-500)}`));
      else resolve(first);
    });
  });
}

/** Real minisearch over the index's passages, configured as veille's index used to be. */
function minisearchOf(index: SearchIndex): MiniSearch<{ id: number; terms: string }> {
  const split = (s: string) => s.split(' ').filter(Boolean);
  const mini = new MiniSearch<{ id: number; terms: string }>({ fields: ['terms'], tokenize: split, processTerm: (t) => t, searchOptions: { tokenize: split, processTerm: (t) => t } });
  for (let id = 0; id < index.passageSlots; id++) {
    const articleId = index.articleIdOf(id);
    if (articleId === undefined) continue;
    mini.add({ id, terms: passageTerms(index, id) });
  }
  return mini;
}

function passageTerms(index: SearchIndex, id: number): string {
  const lang = index.articles.get(index.articleIdOf(id)!)!.article.lang;
  return terms(index.passageText(id), lang).join(' ');
}

/** Questions a replica answers before its memory is read (enough for its caches and its heap to settle). */
const REPLICA_QUESTIONS = 200;

export async function measureSize(options: { articles: number; questions: number; topics: number; cold: boolean; rawMax: number; seed?: number; keep?: string }): Promise<SizeResult> {
  const real = (await loadCorpus(path.join(root, 'corpus'))).articles;
  const corpus = synthesize(real, options.articles, options.seed ?? 42);
  const corpusBytes = corpus.articles.reduce((s, a) => s + Buffer.byteLength(a.body), 0);

  gc();
  let index!: SearchIndex;
  const buildMs = time(() => (index = SearchIndex.build(corpus.articles)));
  const engine = Engine.fromIndex(index);

  // With --keep, the corpus and its snapshot stay in that folder (replica.ts measures again from them).
  const tmp = options.keep ? path.resolve(options.keep) : mkdtempSync(path.join(tmpdir(), 'veille-bench-'));
  if (options.keep) {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
  }
  try {
    const snapshotFile = path.join(tmp, 'snapshot', 'index-snapshot.bin');
    gc();
    const snapshotSaveMs = time(() => writeSnapshot(snapshotFile, 'bench', index, []));
    const snapshotMb = statSync(snapshotFile).size / 1024 / 1024;
    gc();
    let loaded: ReturnType<typeof readSnapshot> | undefined;
    const snapshotLoadMs = time(() => (loaded = readSnapshot(snapshotFile, 'bench')));
    if (loaded?.status !== 'loaded') throw new Error(`snapshot did not load back: ${JSON.stringify(loaded)}`);
    loaded = undefined;

    // Questions: a warm-up set first (other seed), then the measured ones.
    for (const q of questions(corpus, 30, 1001)) engine.ask(q.text);
    const asked = questions(corpus, options.questions);
    const askTimes: number[] = [];
    let answered = 0;
    for (const q of asked) {
      const start = performance.now();
      const a = engine.ask(q.text);
      askTimes.push(performance.now() - start);
      if (a.answered) answered++;
    }
    // The floor: the search alone with every term of the question (parsed beforehand, not timed).
    const queries = asked.map((q) => searchQuery(q.text, index));
    const searchTimes = queries.map((boost) => time(() => index.search([...boost.keys()], (t) => boost.get(t) ?? 1, 160)));
    const sourcesTimes = topics(corpus, options.topics).map((t) => time(() => engine.sources(t)));

    gc();
    const memory = process.memoryUsage();

    // Real minisearch, the same query, where it fits in memory (after the memory figures).
    let rawTimes: number[] | null = null;
    if (options.articles <= options.rawMax) {
      const mini = minisearchOf(index);
      rawTimes = queries.map((boost) => time(() => mini.search({ queries: [...boost.keys()], combineWith: 'OR' }, { boostTerm: (t) => boost.get(t) ?? 1 })));
    }
    gc();

    let coldStartMs: number | null = null;
    let coldStartNoSnapshotMs: number | null = null;
    let serving: { rssMb: number; heapMb: number } | null = null;
    let replica: Awaited<ReturnType<typeof measureReplica>> | null = null;
    if (options.cold) {
      const corpusDir = path.join(tmp, 'corpus');
      const dataDir = path.join(tmp, 'data');
      mkdirSync(corpusDir);
      for (const a of corpus.articles) writeFileSync(path.join(corpusDir, `${a.id}.md`), serializeArticle(a));
      const question = asked.find((q) => q.lang === 'en')?.text ?? 'how big is it';
      coldStartNoSnapshotMs = await coldStart(corpusDir, dataDir, question); // builds and saves
      const withSnapshot: number[] = [];
      for (let i = 0; i < 3; i++) withSnapshot.push(await coldStart(corpusDir, dataDir, question));
      coldStartMs = percentile(withSnapshot, 50);
      serving = await servingMemory(corpusDir, dataDir, question);
      replica = await measureReplica(corpusDir, dataDir, questions(corpus, REPLICA_QUESTIONS, 7).map((q) => q.text));
      if (options.keep) writeFileSync(path.join(tmp, 'corpus.done'), `${options.articles}\n`);
    }

    return {
      articles: options.articles,
      passages: index.passageCount,
      terms: [...index.df].length,
      corpusMb: round(corpusBytes / 1024 / 1024, 1),
      buildMs: Math.round(buildMs),
      snapshotSaveMs: Math.round(snapshotSaveMs),
      snapshotLoadMs: Math.round(snapshotLoadMs),
      snapshotMb: round(snapshotMb, 1),
      askP50Ms: round(percentile(askTimes, 50)),
      askP99Ms: round(percentile(askTimes, 99)),
      askMeanMs: round(askTimes.reduce((s, t) => s + t, 0) / askTimes.length),
      searchP50Ms: round(percentile(searchTimes, 50)),
      searchP99Ms: round(percentile(searchTimes, 99)),
      rawP50Ms: rawTimes && round(percentile(rawTimes, 50)),
      rawP99Ms: rawTimes && round(percentile(rawTimes, 99)),
      sourcesP50Ms: round(percentile(sourcesTimes, 50)),
      sourcesP99Ms: round(percentile(sourcesTimes, 99)),
      answeredShare: round(answered / asked.length, 3),
      coldStartMs: coldStartMs === null ? null : Math.round(coldStartMs),
      coldStartNoSnapshotMs: coldStartNoSnapshotMs === null ? null : Math.round(coldStartNoSnapshotMs),
      heapMb: mb(memory.heapUsed),
      rssMb: mb(memory.rss),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      servingRssMb: serving?.rssMb ?? null,
      servingHeapMb: serving?.heapMb ?? null,
      replicaRssMb: replica?.rssMb ?? null,
      replicaPeakRssMb: replica?.peakMb ?? null,
      replicaAnswerP50Ms: replica?.answerP50Ms ?? null,
      replicaAnswerP99Ms: replica?.answerP99Ms ?? null,
    };
  } finally {
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

// Run directly (also from a path with spaces, which a file:// URL escapes).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '100' },
      questions: { type: 'string', default: '1000' },
      topics: { type: 'string', default: '1000' },
      'no-cold': { type: 'boolean', default: false },
      'raw-max': { type: 'string', default: '20000' },
      keep: { type: 'string' },
    },
  });
  measureSize({
    articles: Number(values.articles),
    questions: Number(values.questions),
    topics: Number(values.topics),
    cold: !values['no-cold'],
    rawMax: Number(values['raw-max']),
    keep: values.keep,
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (e: unknown) => {
      console.error((e as Error).stack ?? e);
      process.exitCode = 1;
    },
  );
}
