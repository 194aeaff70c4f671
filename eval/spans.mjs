#!/usr/bin/env node
// How often the marked fact (the bold span of an excerpt) is the answer: of the questions whose
// first excerpt is right (from the question's article, holding a gold answer, as the scorers
// count it) and carries a span, the share whose span overlaps a gold answer. The scorers do not
// look at spans; this is the measurement behind rank.ts's NEAR_CHARS.
//   node eval/spans.mjs [--part fitted|held] [--limit N]   (after npm run build; default: fitted, 1500)
// Reads PIAF and the SQuAD 2.0 training sample from ../shared/eval/external/, split as eval/split.mjs says.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { heldOut } from './split.mjs';
import { scorerFold as fold } from './fold.mjs';
import { engineOver } from './engine-over.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Engine } = await import(path.join(root, 'dist/core/engine.js'));
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const part = opt('--part', 'fitted');
if (part !== 'fitted' && part !== 'held') throw new Error('--part is fitted or held');
const limit = Number(opt('--limit', 1500));
const external = path.resolve(root, '../shared/eval/external');
const readJsonl = (file) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

for (const set of ['piaf', 'squad2-train']) {
  const file = path.join(external, `${set}.jsonl`);
  if (!fs.existsSync(file)) {
    console.log(`${set}: ${file} not found, skipped`);
    continue;
  }
  const records = readJsonl(file).filter((r) => r.inCorpus !== false);
  const engine = await engineOver(Engine, records, set);
  const questions = records
    .filter((r) => heldOut[set](r.id) === (part === 'held'))
    .flatMap((r) => r.questions.filter((q) => q.answerable !== false).map((q) => ({ ...q, article: r.id })))
    .slice(0, limit);
  let right = 0;
  let marked = 0;
  let onGold = 0;
  for (const q of questions) {
    const answer = engine.ask(q.question);
    const first = answer.answered ? answer.excerpts[0] : null;
    const gold = q.answers.map(fold);
    if (!first || first.article.id !== q.article || !gold.some((g) => fold(first.text).includes(g))) continue;
    right++;
    if (!first.span) continue;
    marked++;
    const span = fold(first.text.slice(first.span.start, first.span.end));
    if (gold.some((g) => g.includes(span) || span.includes(g))) onGold++;
  }
  console.log(`${set} (${part}): ${questions.length} questions, first excerpt right ${right}, marked ${marked}, marked fact on a gold answer ${onGold} (${marked ? ((100 * onGold) / marked).toFixed(1) : '-'} %)`);
}
