import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { check, piafFile, readPiaf, readTranslated, sample } from '../../eval/piaf-en-sample.mjs';
// @ts-expect-error: a plain .mjs script without type declarations
import { heldOut } from '../../eval/split.mjs';

type Question = { id: string; question: string; article: string };

// A made-up PIAF-shaped set: 40 articles of 30 questions each, about half of them held out.
const records = Array.from({ length: 40 }, (_, a) => ({
  id: `article-${a}`,
  title: `Article ${a}`,
  lang: 'fr',
  paragraphs: ['Un paragraphe.'],
  questions: Array.from({ length: 30 }, (_, q) => ({ id: `q-${a}-${q}`, question: `Question ${q} ?`, answers: ['x'], paragraph: 0 })),
}));

describe('the English PIAF sample (eval/piaf-en-sample.mjs)', () => {
  it('draws each part from its own articles, the same questions every time', () => {
    const held: Question[] = sample(records, 'held-out', 100);
    const fitted: Question[] = sample(records, 'fitted', 100);
    expect(held).toHaveLength(100);
    expect(held.every((q) => heldOut.piaf(q.article))).toBe(true);
    expect(fitted.every((q) => !heldOut.piaf(q.article))).toBe(true);
    expect(sample(records, 'held-out', 100).map((q: Question) => q.id)).toEqual(held.map((q) => q.id));
    expect(new Set(held.map((q) => q.id)).size).toBe(100);
  });

  it('reports a repeated id and one that is in neither sample', () => {
    const [first] = sample(records, 'held-out', 400) as Question[];
    const outside = records.flatMap((r) => r.questions).find((q) => ![...sample(records, 'held-out', 400), ...sample(records, 'fitted', 400)].some((s: Question) => s.id === q.id));
    const problems: string[] = check(records, [
      { id: first.id, question: 'A?' },
      { id: first.id, question: 'A again?' },
      { id: outside!.id, question: 'B?' },
      { id: 'no-such-id', question: 'C?' },
    ]);
    expect(problems).toEqual([`${first.id}: twice`, `${outside!.id}: not a question of either sample`, 'no-such-id: not a question of either sample']);
  });

  // The committed translations against the real PIAF file, when it is beside the checkout.
  it.skipIf(!fs.existsSync(piafFile))('eval/piaf-en.jsonl holds sampled PIAF questions only, each once, 400 of them held out', () => {
    const piaf = readPiaf();
    const translated: { id: string }[] = readTranslated();
    expect(check(piaf, translated)).toEqual([]);
    const ids = new Set(translated.map((t) => t.id));
    expect((sample(piaf, 'held-out') as Question[]).filter((q) => ids.has(q.id))).toHaveLength(400);
  });
});
