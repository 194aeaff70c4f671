#!/usr/bin/env node
// Which PIAF questions eval/piaf-en.jsonl puts into English: a seeded, deterministic sample of each
// part of eval/split.mjs (held out: scored by eval/en-over-fr.mjs; fitted: for npm run train).
//   node eval/piaf-en-sample.mjs held-out|fitted [--n 400] [--seed 1] [--from K] [--count M]
// prints `id<TAB>question` for the sample's questions K..K+M (file order), the ones to translate;
//   node eval/piaf-en-sample.mjs --check
// checks eval/piaf-en.jsonl: every id is a PIAF question of the sample it belongs to, none repeats.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { heldOut } from './split.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const piafFile = path.resolve(root, '../shared/eval/external/piaf.jsonl');
export const translatedFile = path.join(root, 'eval/piaf-en.jsonl');
export const SAMPLE_SIZE = 400;
export const SEED = 1;

/** The same generator as the shared scorer's --limit sample (mulberry32). */
function mulberry32(a) {
  return () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

export const readPiaf = (file = piafFile) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

/** part 'held-out' | 'fitted' → that part's questions, a seeded shuffle's first n, back in file order. */
export function sample(records, part, n = SAMPLE_SIZE, seed = SEED) {
  const want = part === 'held-out';
  const pool = records.filter((r) => heldOut.piaf(r.id) === want).flatMap((r) => r.questions.map((q) => ({ ...q, article: r.id })));
  const rnd = mulberry32(seed);
  const idx = pool.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [idx[i], idx[j]] = [idx[j], idx[i]]; }
  return idx.slice(0, n).sort((a, b) => a - b).map((i) => pool[i]);
}

/** eval/piaf-en.jsonl as rows {id, question}; throws on a malformed line. */
export const readTranslated = (file = translatedFile) =>
  fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
    const row = JSON.parse(l);
    if (typeof row.id !== 'string' || typeof row.question !== 'string' || !row.question.trim() || Object.keys(row).length !== 2)
      throw new Error(`${path.basename(file)} line ${i + 1}: want {"id", "question"} only`);
    return row;
  });

/** Problems of the translated file against PIAF and the two samples (empty when it is sound). */
export function check(records, translated) {
  const problems = [];
  const part = new Map();
  for (const p of ['held-out', 'fitted']) for (const q of sample(records, p)) part.set(q.id, p);
  const seen = new Set();
  for (const { id } of translated) {
    if (seen.has(id)) problems.push(`${id}: twice`);
    seen.add(id);
    if (!part.has(id)) problems.push(`${id}: not a question of either sample`);
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const records = readPiaf();
  if (args[0] === '--check') {
    const translated = readTranslated();
    const problems = check(records, translated);
    const counts = { 'held-out': 0, fitted: 0 };
    const ids = new Set(translated.map((t) => t.id));
    for (const p of Object.keys(counts)) counts[p] = sample(records, p).filter((q) => ids.has(q.id)).length;
    console.log(`${translated.length} translated: ${counts['held-out']} held out, ${counts.fitted} fitted`);
    for (const p of problems) console.error(p);
    process.exit(problems.length ? 1 : 0);
  }
  if (args[0] !== 'held-out' && args[0] !== 'fitted') {
    console.error('usage: node eval/piaf-en-sample.mjs held-out|fitted [--n 400] [--seed 1] [--from K] [--count M] | --check');
    process.exit(2);
  }
  const from = flag('--from', 0);
  const rows = sample(records, args[0], flag('--n', SAMPLE_SIZE), flag('--seed', SEED));
  for (const q of rows.slice(from, from + flag('--count', rows.length))) console.log(`${q.id}\t${q.question}`);
}
