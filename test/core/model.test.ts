// The fitted answer model: shipped as data, checked against the code's features, applied the same way every time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANSWER_FEATURES, RANK_FEATURES } from '../../src/core/features.js';
import { MODEL_PATH, answerModel, logit, parseModel, sigmoid } from '../../src/core/model.js';
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
    expect(first.probability).toBeCloseTo(sigmoid(byHand), 12);
  });
});
