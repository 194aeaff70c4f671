#!/usr/bin/env node
// The baseline the README compares with: minisearch with its defaults over sentences, no analysis.
// Speaks the same command-line contract as `veille ask|sources --jsonl` (see ../shared/eval/README.md).
//   node ../shared/eval/run.mjs eval/questions.jsonl --cmd "node eval/naive.mjs"
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import MiniSearch from 'minisearch';

const sentences = [];
for (const file of readdirSync('corpus').filter((f) => f.endsWith('.md'))) {
  const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(`corpus/${file}`, 'utf8'));
  const id = /^id: "?([^"\n]+)"?$/m.exec(front)[1];
  for (const block of body.split(/\n\s*\n/)) {
    if (block.startsWith('#')) continue;
    for (const s of block.replace(/^- /, '').split(/(?<=[.!?])\s+(?=\p{Lu})/u)) sentences.push({ id: sentences.length, article: id, text: s.trim() });
  }
}
const index = new MiniSearch({ fields: ['text'], storeFields: ['text', 'article'] });
index.addAll(sentences);

const verb = process.argv[2];
for await (const line of createInterface({ input: process.stdin })) {
  const hits = line.trim() ? index.search(line) : [];
  if (verb === 'sources') {
    const seen = new Map();
    for (const h of hits) if (!seen.has(h.article)) seen.set(h.article, { article: { id: h.article }, excerpt: h.text });
    console.log(JSON.stringify({ topic: line, sources: [...seen.values()] }));
  } else {
    const excerpts = hits.slice(0, 3).map((h) => ({ text: h.text, article: { id: h.article } }));
    console.log(JSON.stringify({ question: line, answered: excerpts.length > 0, excerpts }));
  }
}
