// `npm run bench`: index build, snapshot, latency, memory and cold start on synthetic corpora scaled
// from the real articles, plus the Slack HTTP path under load. Each corpus size runs in its own
// process (`size.js`, with --expose-gc) so that its memory figures are its own.
//   npm run bench -- [--sizes 100,1000,10000] [--questions 1000] [--topics 200] [--slack-articles 100,1000]
//                    [--slack-rate 50] [--slack-seconds 20] [--slack-burst 200] [--slack-workers 0,1]
//                    [--no-slack] [--no-cold] [--keep DIR] [--json]
// Prints a markdown table; with --json, one JSON object as the last line.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../core/corpus.js';
import type { SizeResult } from './size.js';
import { measureSlack, measureSlackBurst, type SlackBurstResult, type SlackResult } from './slack.js';
import { questions, synthesize } from './synth.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    questions: { type: 'string', default: '1000' },
    topics: { type: 'string', default: '200' },
    'slack-articles': { type: 'string', default: '100,1000' },
    'slack-rate': { type: 'string', default: '50' },
    'slack-seconds': { type: 'string', default: '20' },
    'slack-burst': { type: 'string', default: '200' },
    /** Answer workers for the burst (0: answers in the main thread, as before the pool); the rate test uses the default. */
    'slack-workers': { type: 'string', default: '0,1' },
    'no-slack': { type: 'boolean', default: false },
    'no-cold': { type: 'boolean', default: false },
    /** Real minisearch is built for comparison up to this many articles (above, it would not fit in memory). */
    'raw-max': { type: 'string', default: '20000' },
    /** Keep each size's corpus and snapshot in DIR/<articles> (for replica.js to measure again). */
    keep: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const list = (s: string) => s.split(',').map((x) => Number(x.trim())).filter((n) => Number.isInteger(n) && n > 0);
const log = (m: string) => process.stderr.write(`${m}\n`);

function runSize(articles: number): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const args = ['--expose-gc', path.join(here, 'size.js'), '--articles', String(articles), '--questions', values.questions, '--topics', values.topics, '--raw-max', values['raw-max']];
    if (values['no-cold']) args.push('--no-cold');
    if (values.keep) args.push('--keep', path.join(path.resolve(values.keep), String(articles)));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as SizeResult);
      else reject(new Error(`size ${articles} exited ${code}`));
    });
  });
}

const cpu = os.cpus()[0]?.model ?? 'unknown';
const machine = {
  cores: os.cpus().length,
  memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  node: process.version,
  cpu,
  /** Load average when the run started: other work on the machine skews timings. */
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
};

const sizes: SizeResult[] = [];
for (const n of list(values.sizes)) {
  const started = Date.now();
  log(`bench: ${n} articles…`);
  sizes.push(await runSize(n));
  log(`bench: ${n} articles done in ${Math.round((Date.now() - started) / 1000)} s`);
}

const slackRuns: SlackResult[] = [];
const burstRuns: SlackBurstResult[] = [];
if (!values['no-slack']) {
  const real = (await loadCorpus(path.join(root, 'corpus'))).articles;
  for (const n of list(values['slack-articles'])) {
    log(`bench: Slack /ask at ${values['slack-rate']}/s for ${values['slack-seconds']} s, ${n} articles…`);
    const qs = questions(synthesize(real, n), 500).map((q) => q.text);
    slackRuns.push(await measureSlack({ articles: n, rate: Number(values['slack-rate']), durationS: Number(values['slack-seconds']), questions: qs }));
    for (const workers of values['slack-workers'].split(',').map((w) => Number(w.trim())).filter((w) => Number.isInteger(w) && w >= 0)) {
      log(`bench: Slack burst of ${values['slack-burst']} /ask at once, ${n} articles, ${workers} answer worker(s)…`);
      burstRuns.push(await measureSlackBurst({ articles: n, concurrent: Number(values['slack-burst']), workers, questions: qs }));
    }
  }
}

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));
const rows: [string, (s: SizeResult) => number | string | null][] = [
  ['passages', (s) => s.passages],
  ['distinct terms', (s) => s.terms],
  ['corpus text (MB)', (s) => s.corpusMb],
  ['index build (ms)', (s) => s.buildMs],
  ['snapshot save (ms)', (s) => s.snapshotSaveMs],
  ['snapshot load (ms)', (s) => s.snapshotLoadMs],
  ['snapshot size (MB)', (s) => s.snapshotMb],
  ['ask p50 (ms)', (s) => s.askP50Ms],
  ['ask p99 (ms)', (s) => s.askP99Ms],
  ['search alone, every term, p50 (ms)', (s) => s.searchP50Ms],
  ['search alone, every term, p99 (ms)', (s) => s.searchP99Ms],
  ['raw minisearch, same query, p50 (ms)', (s) => s.rawP50Ms],
  ['raw minisearch, same query, p99 (ms)', (s) => s.rawP99Ms],
  ['sources p50 (ms)', (s) => s.sourcesP50Ms],
  ['sources p99 (ms)', (s) => s.sourcesP99Ms],
  ['questions answered', (s) => `${Math.round(s.answeredShare * 100)} %`],
  ['cold start, snapshot (ms)', (s) => s.coldStartMs],
  ['cold start, no snapshot (ms)', (s) => s.coldStartNoSnapshotMs],
  ['bench process: heap after GC (MB)', (s) => s.heapMb],
  ['bench process: RSS after GC (MB)', (s) => s.rssMb],
  ['peak RSS of the bench process (MB)', (s) => s.maxRssMb],
  ['serving process: heap after GC (MB)', (s) => s.servingHeapMb],
  ['serving process: RSS after GC (MB)', (s) => s.servingRssMb],
  ['replica (npm start, Slack, PostgreSQL, 1 worker): RSS after 200 answers (MB)', (s) => s.replicaRssMb],
  ['replica: peak RSS (MB)', (s) => s.replicaPeakRssMb],
  ['replica: answer p50 / p99, request to response_url (ms)', (s) => (s.replicaAnswerP50Ms === null ? null : `${s.replicaAnswerP50Ms} / ${s.replicaAnswerP99Ms}`)],
];
const lines = [
  `Machine: ${machine.cores} cores (${cpu}), ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage.join(' ')}`,
  '',
  `| articles | ${sizes.map((s) => s.articles.toLocaleString('en')).join(' | ')} |`,
  `|---|${sizes.map(() => '---:').join('|')}|`,
  ...rows.map(([label, get]) => `| ${label} | ${sizes.map((s) => cell(get(s) as number)).join(' | ')} |`),
];
if (slackRuns.length) {
  lines.push(
    '',
    `Slack HTTP /ask → ack (signed, loopback, ${values['slack-rate']} req/s for ${values['slack-seconds']} s, autocannon):`,
    '',
    '| articles | requests | ack p50 (ms) | ack p99 (ms) | ack max (ms) | non-2xx | errors | answers delivered |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...slackRuns.map((r) => `| ${r.articles} | ${r.requests} | ${r.ackP50Ms} | ${r.ackP99Ms} | ${r.ackMaxMs} | ${r.non2xx} | ${r.errors} | ${r.answersDelivered} |`),
  );
}
if (burstRuns.length) {
  lines.push(
    '',
    `Slack HTTP /ask → ack, ${values['slack-burst']} requests at once (after a warm-up); 0 workers = answers in the main thread:`,
    '',
    '| articles | answer workers | ack p50 (ms) | ack p99 (ms) | ack max (ms) | non-2xx | answers delivered | busy replies |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...burstRuns.map((r) => `| ${r.articles} | ${r.workers} | ${r.ackP50Ms} | ${r.ackP99Ms} | ${r.ackMaxMs} | ${r.non2xx} | ${r.answersDelivered} | ${r.busy} |`),
  );
}
console.log(lines.join('\n'));
if (values.json) {
  const slack = slackRuns.length
    ? { rate: Number(values['slack-rate']), durationS: Number(values['slack-seconds']), ackP99Ms: Math.max(...slackRuns.map((r) => r.ackP99Ms)), runs: slackRuns }
    : null;
  console.log(JSON.stringify({ machine, sizes, slack, burst: burstRuns }));
}
