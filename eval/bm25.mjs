#!/usr/bin/env node
// The baseline veille is measured against: BM25 (k1 1.2, b 0.75) over sentences, as the external
// scorer (../shared/eval/external/run.mjs --baseline) defines it: sentences cut after . ! or ?
// followed by a capital; lower case, accents folded, words are runs of letters and digits; no
// stemming, stop words or translation; its ten best sentences, declining only when no word of the
// question is in the corpus. Speaks veille's command-line contract (`ask|sources --jsonl`) over
// the corpus folder CORPUS_DIR (default corpus/):
//   node ../shared/eval/run.mjs eval/questions.jsonl --cmd "node eval/bm25.mjs"
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const K1 = 1.2;
const B = 0.75;
const TOP = 10;
const dir = process.env.CORPUS_DIR || 'corpus';
const tokens = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

const sentences = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(readFileSync(path.join(dir, file), 'utf8'));
  if (!match) continue;
  const id = /^id: "?([^"\n]+)"?$/m.exec(match[1])?.[1] ?? file.replace(/\.md$/, '');
  for (const block of match[2].split(/\n\s*\n/)) {
    if (block.startsWith('#') || !block.trim()) continue;
    for (const s of block.replace(/^- /, '').split(/(?<=[.!?])\s+(?=\p{Lu})/u)) if (s.trim()) sentences.push({ text: s.trim(), article: id });
  }
}
const postings = new Map();
const lengths = sentences.map((s, i) => {
  const tf = new Map();
  const toks = tokens(s.text);
  for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
  for (const [t, n] of tf) (postings.get(t) ?? postings.set(t, []).get(t)).push([i, n]);
  return toks.length;
});
const N = sentences.length;
const avgdl = lengths.reduce((a, b) => a + b, 0) / Math.max(1, N);

function search(q) {
  const scores = new Map();
  for (const t of new Set(tokens(q))) {
    const list = postings.get(t);
    if (!list) continue;
    const idf = Math.log(1 + (N - list.length + 0.5) / (list.length + 0.5));
    for (const [i, f] of list) scores.set(i, (scores.get(i) ?? 0) + (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * lengths[i]) / avgdl)));
  }
  return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i]) => sentences[i]);
}

const verb = process.argv[2];
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const hits = line.trim() ? search(line) : [];
  if (verb === 'sources') {
    const seen = new Map();
    for (const h of hits) if (!seen.has(h.article)) seen.set(h.article, { article: { id: h.article }, excerpt: h.text });
    console.log(JSON.stringify({ topic: line, sources: [...seen.values()] }));
  } else {
    const excerpts = hits.slice(0, TOP).map((h) => ({ text: h.text, article: { id: h.article } }));
    console.log(JSON.stringify({ question: line, answered: excerpts.length > 0, excerpts }));
  }
}
