#!/usr/bin/env node
// `npm run eval`: scores the answers on every question set at hand, saying which.
// With ../shared/eval (the shared question set and its scorer) beside the checkout: its own set,
// then eval/questions.jsonl, both through ../shared/eval/run.mjs. Without it (a clone on its own):
// eval/questions.jsonl through the same command-line contract (`veille ask --jsonl`), scored here
// on what needs no raw article: hit1, hit3, answered, abstained, excerpts over 400 characters.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedRunner = path.resolve(root, '../shared/eval/run.mjs');
const ownSet = path.join(root, 'eval/questions.jsonl');
const cli = [process.execPath, path.join(root, 'bin/veille.js')];

if (existsSync(sharedRunner)) {
  for (const args of [[], [ownSet]]) {
    console.log(`== ${args.length ? 'eval/questions.jsonl' : 'the shared question set'}, scored by ../shared/eval/run.mjs`);
    const r = spawnSync(process.execPath, [sharedRunner, ...args], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}

console.log('== ../shared/eval not found: eval/questions.jsonl only, scored here (no sources F1, no verbatim check: they need ../shared/articles)');
const norm = (s) =>
  String(s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .toLowerCase()
    .trim();
const rows = readFileSync(ownSet, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const asked = rows.filter((r) => r.kind === 'ask' || r.kind === 'offtopic');
const r = spawnSync(cli[0], [...cli.slice(1), 'ask', '--jsonl'], { cwd: root, input: asked.map((q) => q.q).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(r.status ?? 1);
}
const answers = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
let hit1 = 0, hit3 = 0, answered = 0, abstained = 0, over400 = 0;
const asks = asked.filter((q) => q.kind === 'ask').length;
const offtopic = asked.length - asks;
asked.forEach((q, i) => {
  const a = answers[i];
  const excerpts = a.answered ? a.excerpts : [];
  over400 += excerpts.filter((e) => e.text.length > 400).length;
  if (q.kind === 'offtopic') {
    if (!a.answered) abstained++;
    else console.log(`answered off-topic: ${q.q}`);
    return;
  }
  if (a.answered) answered++;
  const holds = (e) => q.gold.some((g) => norm(e.text).includes(norm(g)));
  const rank = excerpts.findIndex(holds);
  if (rank === 0) hit1++;
  if (rank >= 0 && rank < 3) hit3++;
  else console.log(`miss: ${q.q}`);
});
const pct = (n, d) => (d ? Math.round((1000 * n) / d) / 10 : 0);
console.log(`hit1 ${pct(hit1, asks)}  hit3 ${pct(hit3, asks)}  answered ${pct(answered, asks)}  abstained ${pct(abstained, offtopic)}  excerptsOver400 ${over400}  (${asks} questions, ${offtopic} off-topic; ${rows.length - asked.length} sources rows skipped)`);
