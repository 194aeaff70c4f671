#!/usr/bin/env node
// npm run eval: one table of answer quality, every question set at hand × (veille, BM25).
//
// - eval/questions.jsonl (this repository): always; scored here when ../shared/eval is not beside
//   the checkout (a clone on its own), else by the shared scorer.
// - ../shared/eval/questions.jsonl, PIAF and the SQuAD 2.0 training sample (../shared/eval/external/):
//   when that folder sits beside the checkout, as in the team's workspace; said when it does not.
// PIAF and SQuAD are reported on their held-out part only (the articles scripts/train.mjs did not
// fit on: the same FNV-1a split), so that no figure here was fitted on. The held-out PIAF questions
// of eval/piaf-en.jsonl are also scored in English and in French (eval/en-over-fr.mjs).
// Needs `npm run build`.
//   node eval/run-all.mjs [--quick]   (--quick: 1,000 questions of each external set)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { heldOut } from './split.mjs';
import { scorerFold } from './fold.mjs';
import * as enOverFr from './en-over-fr.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/eval');
const quick = process.argv.includes('--quick');
const veille = `node ${JSON.stringify(path.join(root, 'bin/veille.js'))}`;
const bm25 = `node ${JSON.stringify(path.join(root, 'eval/bm25.mjs'))}`;

const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}:\n${(r.stderr || r.stdout).slice(-2000)}`);
  return r.stdout;
};
const rows = [];

// The news sets, scored by the shared scorer when there is one (it also checks excerpts are verbatim).
const newsScorer = path.join(shared, 'run.mjs');
const newsSets = [
  ['news (shared)', path.join(shared, 'questions.jsonl')],
  ['news (eval/)', path.join(root, 'eval/questions.jsonl')],
];
if (!fs.existsSync(newsScorer)) {
  // A clone on its own: eval/questions.jsonl through the same contract, scored here on what needs
  // no raw article (no sources F1, no verbatim check: they need ../shared/articles).
  console.error('npm run eval: ../shared/eval not found: eval/questions.jsonl only, scored here');
  for (const [engine, cmd] of [['veille', veille], ['BM25', bm25]]) rows.push({ set: 'news (eval/)', engine, ...scoreOwn(cmd) });
} else
  for (const [name, file] of newsSets) {
    if (!fs.existsSync(file)) {
      console.error(`npm run eval: ${file} is not here: ${name} left out`);
      continue;
    }
    for (const [engine, cmd] of [['veille', veille], ['BM25', bm25]]) {
      const line = run([newsScorer, file, '--cmd', cmd]).trim().split('\n').at(-1);
      const f = enOverFr.parseSummary(line);
      rows.push({ set: name, engine, n: `${f.questions} + ${f.offtopic}`, hit1: f.hit1, hit3: f.hit3, answered: f.answered, abstained: f.abstained });
    }
  }

// The external sets: one run gives veille and BM25 on the same questions; the held-out part is kept.
const externalScorer = path.join(shared, 'external/run.mjs');
for (const set of ['piaf', 'squad2-train']) {
  if (!fs.existsSync(path.join(shared, `external/${set}.jsonl`))) {
    console.error(`npm run eval: ../shared/eval/external/${set}.jsonl is not here: ${set} left out`);
    continue;
  }
  const out = path.join(os.tmpdir(), `veille-eval-${set}-${process.pid}.json`);
  run([externalScorer, set, '--baseline', '--misses', '0', '--json', out, '--cmd', veille, ...(quick ? ['--limit', '1000'] : [])]);
  for (const { summary, rows: scored } of JSON.parse(fs.readFileSync(out, 'utf8'))) {
    const kept = scored.filter((row) => heldOut[set](row.article ?? row.id));
    const ans = kept.filter((r) => r.answerable);
    const un = kept.filter((r) => !r.answerable);
    const pct = (n, d) => (d ? (Math.round((1000 * n) / d) / 10).toString() : '-');
    rows.push({
      set: `${set} (held out)`,
      engine: summary.engine === 'bm25' ? 'BM25' : 'veille',
      n: un.length ? `${ans.length} + ${un.length}` : `${ans.length}`,
      hit1: pct(ans.filter((r) => r.rank === 1).length, ans.length),
      hit3: pct(ans.filter((r) => r.rank !== null && r.rank <= 3).length, ans.length),
      // The scorer gives `rank` only for an answer; a declined answerable question has why 'declined'.
      answered: pct(ans.filter((r) => r.why !== 'declined').length, ans.length),
      abstained: pct(un.filter((r) => r.ok).length, un.length),
    });
  }
  fs.rmSync(out, { force: true });
}

// English questions over French text: the held-out PIAF questions put into English by hand
// (eval/piaf-en.jsonl), and the same questions in French, on the same articles. 400 questions: whole
// even with --quick.
if (!enOverFr.available()) console.error('npm run eval: ../shared/eval/external/piaf.jsonl is not here: PIAF in English left out');
else
  for (const r of enOverFr.score({ cmd: veille, baseline: true }))
    rows.push({
      set: r.lang === 'en' ? 'PIAF held-out, questions in English' : '… the same questions in French',
      engine: r.engine === 'bm25' ? 'BM25' : 'veille',
      n: String(r.summary.n), hit1: String(r.summary.hit1), hit3: String(r.summary.hit3), answered: String(r.summary.answered), abstained: '-',
    });

/** eval/questions.jsonl scored without the shared scorer: hit@1, hit@3, answered, abstained. */
function scoreOwn(cmd) {
  const norm = scorerFold;
  const asked = fs.readFileSync(path.join(root, 'eval/questions.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.kind === 'ask' || r.kind === 'offtopic');
  const r = spawnSync(`${cmd} ask --jsonl`, { shell: true, cwd: root, input: asked.map((q) => q.q).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ask --jsonl exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  const answers = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  let hit1 = 0, hit3 = 0, answered = 0, abstained = 0;
  const asks = asked.filter((q) => q.kind === 'ask').length;
  asked.forEach((q, i) => {
    const a = answers[i];
    if (q.kind === 'offtopic') return void (a.answered || abstained++);
    if (a.answered) answered++;
    const rank = (a.answered ? a.excerpts : []).findIndex((e) => q.gold.some((g) => norm(e.text).includes(norm(g))));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
  });
  const pct = (n, d) => (d ? String(Math.round((1000 * n) / d) / 10) : '-');
  return { n: `${asks} + ${asked.length - asks}`, hit1: pct(hit1, asks), hit3: pct(hit3, asks), answered: pct(answered, asks), abstained: pct(abstained, asked.length - asks) };
}

const columns = ['set', 'engine', 'n', 'hit1', 'hit3', 'answered', 'abstained'];
console.log(`| ${columns.join(' | ')} |\n|${columns.map((c, i) => (i < 3 ? '---' : '---:')).join('|')}|`);
for (const r of rows) console.log(`| ${columns.map((c) => r[c] ?? '-').join(' | ')} |`);
