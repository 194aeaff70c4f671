import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realArticles, root } from '../helpers/corpus.js';
// @ts-expect-error: a plain .mjs module of the eval scripts, without types.
import { scorerFold } from '../../eval/fold.mjs';

// eval/news-train.jsonl: labelled news questions that `npm run train` fits on. A gold phrase the
// corpus does not hold would label no excerpt right, and a repeated question would count twice.

type Row = { id: string; kind: string; q: string; gold?: string[] };

/** A question compared with another: folded, without its trailing punctuation. */
const sameQuestion = (q: string) => scorerFold(q).replace(/[\s?!.]+$/, '');

const file = path.join(root, 'eval/news-train.jsonl');
const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
const readRows = (f: string): Row[] => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
const sharedQuestions = path.join(root, '../shared/eval/questions.jsonl');

describe('eval/news-train.jsonl', () => {
  it('is one JSON object a line, each an ask or an off-topic question with a unique id', () => {
    const problems: string[] = [];
    const rows = lines.map((l, i) => {
      try {
        return JSON.parse(l) as Row;
      } catch {
        problems.push(`line ${i + 1}: not JSON`);
        return undefined;
      }
    });
    const ids = new Set<string>();
    for (const r of rows) {
      if (!r) continue;
      if (typeof r.id !== 'string' || ids.has(r.id)) problems.push(`${r.id}: missing or repeated id`);
      ids.add(r.id);
      if (typeof r.q !== 'string' || !r.q.trim()) problems.push(`${r.id}: no question`);
      if (r.kind === 'ask' && !(Array.isArray(r.gold) && r.gold.length && r.gold.every((g) => typeof g === 'string' && g.trim()))) problems.push(`${r.id}: an ask without gold phrases`);
      if (r.kind === 'offtopic' && r.gold !== undefined) problems.push(`${r.id}: an off-topic question with gold phrases`);
      if (r.kind !== 'ask' && r.kind !== 'offtopic') problems.push(`${r.id}: kind ${r.kind}`);
    }
    expect(problems).toEqual([]);
    expect(rows.filter((r) => r?.kind === 'ask').length).toBeGreaterThanOrEqual(60);
    expect(rows.filter((r) => r?.kind === 'offtopic').length).toBeGreaterThanOrEqual(60);
  });

  it("holds every ask's gold phrases verbatim (as the scorers fold them) in an article of corpus/", async () => {
    const bodies = (await realArticles()).map((a) => scorerFold(a.body));
    expect(bodies).toHaveLength(5);
    const missing = readRows(file)
      .filter((r) => r.kind === 'ask')
      .flatMap((r) => (r.gold ?? []).filter((g) => !bodies.some((b) => b.includes(scorerFold(g)))).map((g) => `${r.id}: ${g}`));
    expect(missing).toEqual([]);
  });

  it('repeats no question of its own nor of the evaluated news sets', () => {
    const evaluated = [path.join(root, 'eval/questions.jsonl'), ...(fs.existsSync(sharedQuestions) ? [sharedQuestions] : [])].flatMap(readRows);
    expect(evaluated.filter((r) => r.kind === 'offtopic').length).toBeGreaterThan(0);
    const seen = new Map(evaluated.filter((r) => r.kind === 'ask' || r.kind === 'offtopic').map((r) => [sameQuestion(r.q), r.id]));
    const repeats: string[] = [];
    for (const r of readRows(file)) {
      const key = sameQuestion(r.q);
      if (seen.has(key)) repeats.push(`${r.id} repeats ${seen.get(key)}: ${r.q}`);
      seen.set(key, r.id);
    }
    expect(repeats).toEqual([]);
  });
});
