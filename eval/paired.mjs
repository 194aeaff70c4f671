#!/usr/bin/env node
// Two fits compared question by question: is a change worth half a point, or refit noise?
//
//   node scripts/train.mjs --dump A.jsonl …   (before the change)
//   node scripts/train.mjs --dump B.jsonl …   (after it)
//   node eval/paired.mjs A.jsonl B.jsonl
//
// For each set and part (fitted, held out): hit@1 of both, the questions only one of them gets
// right, and the sign test's z over those discordant questions, (B only − A only) / √(A only + B
// only). Two fits that differ by refit noise alone move questions both ways; |z| ≥ 2 is a change
// that more than noise explains. The same for the unanswerable questions declined.
import fs from 'node:fs';

const [fileA, fileB] = process.argv.slice(2);
if (!fileA || !fileB) {
  console.error('usage: node eval/paired.mjs BEFORE.dump.jsonl AFTER.dump.jsonl (from scripts/train.mjs --dump)');
  process.exit(2);
}
const read = (file) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const a = read(fileA);
const b = read(fileB);
if (a.length !== b.length || a.some((r, i) => r.q !== b[i].q || r.set !== b[i].set || r.part !== b[i].part))
  throw new Error('the two dumps do not hold the same questions in the same order: fit both on the same sets, split and --hold-out');

/** A set and part as npm run train's report names them (`piaf held out`). */
const partOf = (r) => `${r.set} ${r.part === 'fit' ? 'fitted' : 'held out'}`;
const table = {};
for (const key of new Set(a.map(partOf))) {
  const idx = a.map((r, i) => i).filter((i) => partOf(a[i]) === key);
  const answerable = idx.filter((i) => a[i].answerable);
  const hitA = (i) => a[i].answered && a[i].rank === 0;
  const hitB = (i) => b[i].answered && b[i].rank === 0;
  const onlyA = answerable.filter((i) => hitA(i) && !hitB(i)).length;
  const onlyB = answerable.filter((i) => hitB(i) && !hitA(i)).length;
  const pct = (n, of) => (of ? Math.round((1000 * n) / of) / 10 : null);
  const z = (x, y) => (x + y ? Math.round((100 * (y - x)) / Math.sqrt(x + y)) / 100 : 0);
  const row = {
    n: answerable.length,
    'hit@1 A': pct(answerable.filter(hitA).length, answerable.length),
    'hit@1 B': pct(answerable.filter(hitB).length, answerable.length),
    'A only': onlyA,
    'B only': onlyB,
    z: z(onlyA, onlyB),
  };
  const unanswerable = idx.filter((i) => !a[i].answerable);
  if (unanswerable.length) {
    const decA = (i) => !a[i].answered;
    const decB = (i) => !b[i].answered;
    row['declined A'] = pct(unanswerable.filter(decA).length, unanswerable.length);
    row['declined B'] = pct(unanswerable.filter(decB).length, unanswerable.length);
    row['z declined'] = z(unanswerable.filter((i) => decA(i) && !decB(i)).length, unanswerable.filter((i) => decB(i) && !decA(i)).length);
  }
  table[key] = row;
}
console.table(table);
