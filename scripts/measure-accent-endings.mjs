#!/usr/bin/env node
// Measures the endings of lexicon/french-accent-endings.tsv: how often a French word typed without
// its accents falls out of the stem family it has when written with them.
//
// Over the words of a French text (PIAF's paragraphs and questions by default), each word's family is
// its stem as written (the accented word stemmed, then folded). A pair of words of one family, counted
// by their frequencies, is split when their stems differ once both are typed without accents; a pair of
// two families is merged when they become equal. Printed for no ending restored, for the file's endings,
// and for the file's endings with each one left out (each should earn its place), then with each ending
// given on the command line added (`node scripts/measure-accent-endings.mjs ie=ié`).
//
//   node scripts/measure-accent-endings.mjs [--text FILE.jsonl] [ending=accented …]
// (run `npm run build` first.)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { fold } = await import(path.join(root, 'dist/core/analysis/normalize.js'));
const { lexicon } = await import(path.join(root, 'dist/core/analysis/lexicon.js'));
const { withAccentedEnding } = await import(path.join(root, 'dist/core/analysis/stem.js'));

const args = process.argv.slice(2);
const at = args.indexOf('--text');
const textFile = at >= 0 ? args.splice(at, 2)[1] : path.join(root, '../shared/eval/external/piaf.jsonl');
const extra = args.map((a) => a.split('='));

const counts = new Map();
for (const line of fs.readFileSync(textFile, 'utf8').split('\n').filter(Boolean)) {
  const doc = JSON.parse(line);
  const text = [...(doc.paragraphs ?? [doc.body ?? '']), ...(doc.questions ?? []).map((q) => q.question)].join(' ');
  for (const [w] of text.normalize('NFC').toLowerCase().matchAll(/\p{L}{3,}/gu)) counts.set(w, (counts.get(w) ?? 0) + 1);
}

const family = (w) => fold(frenchStemmer(w));
const typed = (endings) => (w) => fold(frenchStemmer(withAccentedEnding(fold(w), endings)));

/** Percent of same-family pairs split, and of pairs of two families merged, by `stemOf` on typed words. */
function measure(stemOf) {
  const byFamily = new Map();
  const byStem = new Map();
  const add = (m, k, sub, n) => { const inner = m.get(k) ?? new Map(); inner.set(sub, (inner.get(sub) ?? 0) + n); m.set(k, inner); };
  for (const [w, n] of counts) {
    const f = family(w), s = stemOf(w);
    add(byFamily, f, s, n);
    add(byStem, s, f, n);
  }
  // Ordered pairs of tokens within each outer key, and those whose inner keys differ.
  const pairs = (m) => { let all = 0, apart = 0; for (const inner of m.values()) { let s = 0, q = 0; for (const v of inner.values()) { s += v; q += v * v; } all += s * s; apart += s * s - q; } return 100 * apart / all; };
  return `split ${pairs(byFamily).toFixed(3)} %, merged ${pairs(byStem).toFixed(3)} %`;
}

const endings = lexicon().frenchAccentEndings;
console.log(`${counts.size} words of ${path.relative(process.cwd(), textFile)}, typed without accents:`);
console.log(`  no ending restored            ${measure(typed([]))}`);
console.log(`  lexicon's ${endings.length} endings          ${measure(typed(endings))}`);
for (const e of endings) console.log(`  without ${e.join('→').padEnd(20)} ${measure(typed(endings.filter((x) => x !== e)))}`);
for (const e of extra) console.log(`  with ${e.join('→').padEnd(23)} ${measure(typed([...endings, e]))}`);
