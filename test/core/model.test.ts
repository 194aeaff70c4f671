// The fitted answer model: shipped as data, checked against the code's features, applied the same way every time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANSWER_FEATURES, RANK_FEATURES } from '../../src/core/features.js';
import { MODEL_PATH, answerLogit, answerModel, logit, parseModel, rankLogit, sigmoid, treeValue, type Tree } from '../../src/core/model.js';
import { examine, decide } from '../../src/core/answer.js';
import { realEngine } from '../helpers/corpus.js';

const raw = () => JSON.parse(readFileSync(MODEL_PATH, 'utf8'));

describe('answer model', () => {
  it('loads the shipped file, fitted on the features this code computes', () => {
    const model = answerModel();
    expect(model.ranker.features).toEqual([...RANK_FEATURES]);
    expect(model.answerability.features).toEqual([...ANSWER_FEATURES]);
    expect(model.answerability.threshold).toBeGreaterThan(0);
    expect(model.answerability.threshold).toBeLessThan(1);
  });

  it('refuses a stale or malformed file with a message that says what to do', () => {
    const stale = raw();
    stale.ranker.features = stale.ranker.features.slice(1);
    expect(() => parseModel(stale, 'model.json')).toThrow(/other ranker features.*npm run train/);
    const missing = raw();
    delete missing.answerability.threshold;
    expect(() => parseModel(missing, 'model.json')).toThrow(/model.json is malformed: answerability.threshold/);
    const short = raw();
    short.answerability.weights = short.answerability.weights.slice(1);
    expect(() => parseModel(short, 'model.json')).toThrow(/needs \d+ means, scales and weights/);
  });

  it('scores a row as its standardised weighted sum, the same every time', async () => {
    const model = answerModel();
    const engine = await realEngine();
    const ex = examine(engine.searchIndex, 'how big is Hyperion');
    const first = decide(model, ex.query, ex.candidates, ex.rows);
    const again = decide(model, ex.query, ex.candidates, ex.rows);
    expect(again.probability).toBe(first.probability);
    expect(again.scored.map((s) => s.logit)).toEqual(first.scored.map((s) => s.logit));
    const m = model.answerability;
    const byHand = m.bias + first.answerRow!.reduce((sum, x, i) => sum + (m.weights[i] * (x - m.mean[i])) / m.scale[i], 0);
    expect(logit(m, first.answerRow!)).toBeCloseTo(byHand, 12);
    const trees = m.trees.reduce((sum, t) => sum + treeValue(t, first.answerRow!), 0);
    expect(answerLogit(m, first.answerRow!)).toBeCloseTo(byHand + trees, 12);
    expect(first.probability).toBeCloseTo(sigmoid(byHand + trees), 12);
  });

  it('walks a tree to the leaf a row reaches, and refuses a tree that could loop or points nowhere', () => {
    // x[0] <= 0.5 ? (x[1] <= 2 ? -1 : 1) : 3
    const tree = { feature: [0, 1, -1, -1, -1], threshold: [0.5, 2, 0, 0, 0], left: [1, 2, -1, -1, -1], right: [4, 3, -1, -1, -1], value: [0, 0, -1, 1, 3] };
    expect(treeValue(tree, [0.2, 1])).toBe(-1);
    expect(treeValue(tree, [0.5, 2.5])).toBe(1);
    expect(treeValue(tree, [0.9, 0])).toBe(3);
    const withTrees = (trees: unknown[]) => ({ ...raw(), answerability: { ...raw().answerability, trees } });
    expect(parseModel(withTrees([tree])).answerability.trees).toHaveLength(1);
    expect(() => parseModel(withTrees([{ ...tree, left: [0, 2, -1, -1, -1] }]), 'model.json')).toThrow(/points before itself/);
    expect(() => parseModel(withTrees([{ ...tree, value: [0] }]), 'model.json')).toThrow(/as many thresholds/);
    expect(() => parseModel(withTrees([{ ...tree, feature: [99, 1, -1, -1, -1] }]), 'model.json')).toThrow(/past the \d+ there are/);
  });

  it("ranks by the conditional logit plus the ranker's trees; a model without ranker trees still loads and ranks linearly", async () => {
    const engine = await realEngine();
    const ex = examine(engine.searchIndex, 'how big is Hyperion');
    const shipped = answerModel();
    const scored = decide(shipped, ex.query, ex.candidates, ex.rows).scored;
    for (const s of scored.slice(0, 5)) {
      const row = ex.rows[ex.candidates.indexOf(s.candidate)];
      const trees = shipped.ranker.trees.reduce((sum, t) => sum + treeValue(t, row), 0);
      expect(s.logit).toBeCloseTo(logit(shipped.ranker, row) + trees, 12);
    }

    const withoutTrees = raw();
    delete withoutTrees.ranker.trees;
    const linear = parseModel(withoutTrees, 'model.json');
    expect(linear.ranker.trees).toEqual([]);
    const plain = decide(linear, ex.query, ex.candidates, ex.rows);
    const rowOf = (c: (typeof plain.scored)[number]) => ex.rows[ex.candidates.indexOf(c.candidate)];
    for (const s of plain.scored) expect(s.logit).toBe(logit(linear.ranker, rowOf(s)));

    // One split on a feature where the first two differ, its leaf on the second's side lifting it
    // past the first: the trees, not the weighted sum, now decide their order, the same way every time.
    const [first, second] = plain.scored;
    const feature = RANK_FEATURES.findIndex((_, j) => rowOf(first)[j] !== rowOf(second)[j]);
    expect(feature).toBeGreaterThanOrEqual(0);
    const [low, high] = [rowOf(first)[feature], rowOf(second)[feature]].sort((a, b) => a - b);
    const lift = first.logit - second.logit + 1;
    const secondIsLow = rowOf(second)[feature] === low;
    const tree: Tree = { feature: [feature, -1, -1], threshold: [(low + high) / 2, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, secondIsLow ? lift : 0, secondIsLow ? 0 : lift] };
    const lifted = parseModel({ ...withoutTrees, ranker: { ...withoutTrees.ranker, trees: [tree] } }, 'model.json');
    const order = (m: typeof lifted) => decide(m, ex.query, ex.candidates, ex.rows).scored.map((s) => s.candidate);
    const reranked = order(lifted);
    expect(reranked.indexOf(second.candidate)).toBeLessThan(reranked.indexOf(first.candidate));
    expect(order(lifted)).toEqual(reranked);
    expect(rankLogit(lifted.ranker, rowOf(second))).toBeCloseTo(second.logit + lift, 12);
    expect(order(linear).indexOf(first.candidate)).toBeLessThan(order(linear).indexOf(second.candidate));

    const stray = { ...withoutTrees, ranker: { ...withoutTrees.ranker, trees: [{ ...tree, feature: [RANK_FEATURES.length, -1, -1] }] } };
    expect(() => parseModel(stray, 'model.json')).toThrow(/a ranker tree splits on a feature past the \d+ there are/);
  });
});
