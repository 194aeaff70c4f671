// The memory of one replica, as it runs in production: `node bin/veille.js start` serving Slack in
// HTTP mode, its state in PostgreSQL (a server of its own, src/bench/postgres.ts), the index in one
// answer worker, on a synthetic corpus and its snapshot; after it has answered a few questions, the
// process's VmRSS (every thread: the adapters, the state store and the worker's index). Beside it,
// the serving process of serve-rss.ts (the engine in one thread, after a forced GC), for comparison.
//   node dist/bench/replica.js --articles 100000 --dir /tmp/veille-100k [--questions 20] [--workers 1] [--node-options='…'] [--no-serving] [--smaps]
// The corpus and its snapshot are written into --dir when missing and kept there, so that the
// figures can be taken again after a change without generating the corpus again (a change of the
// index code rebuilds the snapshot once, at the first measure). Prints one JSON line.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus, serializeArticle } from '../core/corpus.js';
import { fakeSlackApi, signedAsk, waitForAnswers } from './slack.js';
import { startPostgres } from './postgres.js';
import { questions, synthesize } from './synth.js';
import { percentile, round } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export interface ReplicaResult {
  articles: number;
  /** The serving process (serve-rss.ts): RSS and heap after one answer and a forced GC. */
  servingRssMb: number;
  servingHeapMb: number;
  /** The replica: VmRSS after `questions` answers, and its peak (VmHWM). */
  replicaRssMb: number;
  replicaPeakRssMb: number;
  /** Time from spawn to the first acknowledged /ask. */
  replicaReadyMs: number;
  /** Time from the /ask request to its answer at the response_url, one question at a time, after the first. */
  replicaAnswerP50Ms: number;
  replicaAnswerP99Ms: number;
  questions: number;
  answered: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM of a process, in MB (Linux). */
export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** Resident memory by mapping (the heap, anonymous mappings, each file), largest first: where a replica's RSS is. */
export function residentByMapping(pid: number): [string, number][] {
  const totals = new Map<string, number>();
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) name = header[1] || '[anonymous]';
    else if (line.startsWith('Rss:')) totals.set(name, (totals.get(name) ?? 0) + Number(/(\d+) kB/.exec(line)![1]));
  }
  return [...totals].map(([n, kb]): [string, number] => [n, Math.round(kb / 1024)]).sort((a, b) => b[1] - a[1]);
}

/** The synthetic corpus of `articles` in `dir`/corpus (written when missing); the questions to ask. */
async function corpusIn(dir: string, articles: number, count: number): Promise<{ corpusDir: string; asked: string[] }> {
  const real = (await loadCorpus(path.join(root, 'corpus'))).articles;
  const corpus = synthesize(real, articles, 42);
  const corpusDir = path.join(dir, 'corpus');
  const done = path.join(dir, 'corpus.done');
  if (!existsSync(done)) {
    mkdirSync(corpusDir, { recursive: true });
    for (const a of corpus.articles) writeFileSync(path.join(corpusDir, `${a.id}.md`), serializeArticle(a));
    writeFileSync(done, `${articles}\n`);
  } else if (Number(readFileSync(done, 'utf8')) !== articles) throw new Error(`${dir} holds a corpus of another size: use another --dir`);
  return { corpusDir, asked: questions(corpus, count, 7).map((q) => q.text) };
}

/** RSS and heap of a fresh process serving the corpus from its snapshot (see serve-rss.ts). */
export function servingMemory(corpusDir: string, dataDir: string, question: string): Promise<{ rssMb: number; heapMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(here, 'serve-rss.js'), question], {
      env: { ...process.env, CORPUS_DIR: corpusDir, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as { rssMb: number; heapMb: number }) : reject(new Error(`serve-rss exited ${code}`))));
  });
}

/** One replica (`veille start`, Slack HTTP, PostgreSQL, `workers` answer workers): its memory after `asked` answers. */
export async function measureReplica(corpusDir: string, dataDir: string, asked: string[], workers = 1, nodeOptions = '', smaps = false) {
  const pg = await startPostgres();
  // Each answer's arrival at its response_url: the time a user waits for it.
  const arrived = new Map<string, () => void>();
  const api = await fakeSlackApi((id) => arrived.get(id)?.());
  const port = await freePort();
  const secret = 'bench-signing-secret';
  const started = performance.now();
  // Exactly what `npm start` runs (its variables and flags included), without npm's own process.
  const words = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  const startEnv = Object.fromEntries(words.filter((w, i) => i < words.indexOf('node') && /^[A-Z_]+=/.test(w)).map((w) => w.split('=', 2)));
  const [command, ...args] = words.slice(Object.keys(startEnv).length);
  if (command !== 'node') throw new Error(`npm start runs ${command}, not node: the bench does not know how to start it`);
  const child = spawn(process.execPath, args.map((a) => (a.startsWith('bin/') ? path.join(root, a) : a)), {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CORPUS_DIR: corpusDir,
      DATA_DIR: dataDir,
      DATABASE_URL: await pg.createDatabase(),
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: `${api.url}/api/`,
      SLACK_RESPONSE_URL_HOSTS: '127.0.0.1',
      PORT: String(port),
      ANSWER_WORKERS: String(workers),
      LOG_LEVEL: 'warn',
      // V8 flags and glibc malloc's settings to try (--node-options, MALLOC_ARENA_MAX and the like): memory figures depend on them.
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      ...startEnv,
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('MALLOC_'))),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    const url = `http://127.0.0.1:${port}/slack/events`;
    const post = async (i: number, question: string) => {
      const { body, headers } = signedAsk(secret, api.url, i, question);
      const res = await fetch(url, { method: 'POST', body, headers });
      await res.text();
      return res.status;
    };
    // Ready when the first /ask is acknowledged (the adapter listens once the index is loaded).
    let readyMs = 0;
    for (;;) {
      if (exited) throw new Error(`the replica exited (${child.exitCode}) before it listened`);
      const status = await post(0, asked[0]).catch(() => 0);
      if (status === 200) {
        readyMs = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitForAnswers(api.answers, 1);
    // One question at a time: from the request to the answer posted (ack, worker, rendering, delivery).
    const answerMs: number[] = [];
    for (let i = 1; i < asked.length; i++) {
      const start = performance.now();
      const answer = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to /ask ${i} within 15 s`)), 15_000);
        arrived.set(String(i), () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if ((await post(i, asked[i])) !== 200) throw new Error('an /ask was not acknowledged');
      await answer;
      answerMs.push(performance.now() - start);
    }
    // A few seconds idle, as between questions: V8 finishes its sweeping and gives back what it gives back.
    await new Promise((r) => setTimeout(r, 3000));
    const memory = processMemory(child.pid!);
    if (smaps) process.stderr.write(`replica RSS by mapping (MB): ${JSON.stringify(residentByMapping(child.pid!).filter(([, mb]) => mb > 0))}\n`);
    return { ...memory, readyMs: Math.round(readyMs), answered: api.answers() - api.busy(), answerP50Ms: round(percentile(answerMs, 50)), answerP99Ms: round(percentile(answerMs, 99)) };
  } finally {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    api.server.close();
    api.server.closeAllConnections();
    await pg.stop();
  }
}

export async function measureReplicaSize(options: { articles: number; dir: string; questions: number; workers: number; nodeOptions?: string; serving?: boolean; smaps?: boolean }): Promise<ReplicaResult> {
  mkdirSync(options.dir, { recursive: true });
  const { corpusDir, asked } = await corpusIn(options.dir, options.articles, Math.max(1, options.questions));
  const dataDir = path.join(options.dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  // The first run builds the snapshot when it is missing or stale; the figures come from the second.
  await servingMemory(corpusDir, dataDir, asked[0]);
  const serving = options.serving === false ? { rssMb: NaN, heapMb: NaN } : await servingMemory(corpusDir, dataDir, asked[0]);
  const replica = await measureReplica(corpusDir, dataDir, asked, options.workers, options.nodeOptions ?? '', options.smaps);
  return {
    articles: options.articles,
    servingRssMb: serving.rssMb,
    servingHeapMb: serving.heapMb,
    replicaRssMb: replica.rssMb,
    replicaPeakRssMb: replica.peakMb,
    replicaReadyMs: replica.readyMs,
    replicaAnswerP50Ms: replica.answerP50Ms,
    replicaAnswerP99Ms: replica.answerP99Ms,
    questions: asked.length,
    answered: replica.answered,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '10000' },
      dir: { type: 'string' },
      questions: { type: 'string', default: '20' },
      workers: { type: 'string', default: '1' },
      'node-options': { type: 'string', default: '' },
      /** Skip the serving process (when only the replica is being compared). */
      'no-serving': { type: 'boolean', default: false },
      /** Print the replica's resident memory by mapping (stderr). */
      smaps: { type: 'boolean', default: false },
    },
  });
  if (!values.dir) throw new Error('--dir DIR: where the corpus and its snapshot are written and kept');
  measureReplicaSize({ articles: Number(values.articles), dir: path.resolve(values.dir), questions: Number(values.questions), workers: Number(values.workers), nodeOptions: values['node-options'], serving: !values['no-serving'], smaps: values.smaps }).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: unknown) => {
      console.error((e as Error).stack ?? e);
      process.exitCode = 1;
    },
  );
}
