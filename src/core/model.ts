// The answer model: two linear models, each with boosted trees on top, fitted by scripts/train.mjs
// and kept as data in model/answer-model.json. The ranker gives each candidate excerpt its share of
// the belief that it holds the answer (a softmax over the question's candidates); the
// answerability model gives the question the probability that the articles answer it at all, and
// one threshold on it decides "not in the articles".
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { ANSWER_FEATURES, RANK_FEATURES } from './features.js';

const logistic = z.object({
  features: z.array(z.string()),
  /** Each feature is standardised, (x - mean) / scale, before its weight applies. */
  mean: z.array(z.number()),
  scale: z.array(z.number().positive()),
  weights: z.array(z.number()),
  bias: z.number(),
});

/**
 * A regression tree over the same feature row, as parallel arrays of nodes (node 0 the root): an
 * inner node sends x to `left` when x[feature] <= threshold, else to `right`; a leaf (feature -1)
 * adds its value to the log-odds. Children come after their parent, so a walk always ends.
 */
const tree = z
  .object({
    feature: z.array(z.number().int().min(-1)),
    threshold: z.array(z.number()),
    left: z.array(z.number().int()),
    right: z.array(z.number().int()),
    value: z.array(z.number()),
  })
  .refine((t) => [t.threshold, t.left, t.right, t.value].every((a) => a.length === t.feature.length) && t.feature.length > 0, 'a tree needs as many thresholds, children and values as nodes')
  .refine((t) => t.feature.every((f, i) => f < 0 || (t.left[i] > i && t.right[i] > i && t.left[i] < t.feature.length && t.right[i] < t.feature.length)), 'a tree node points before itself or past the end');

const modelFile = z.object({
  version: z.literal(1),
  ranker: logistic.extend({
    /** Boosted trees fitted on the conditional logit's scores: what a weighted sum cannot say. A model without them ranks linearly. */
    trees: z.array(tree).default([]),
  }),
  answerability: logistic.extend({
    /** Boosted trees fitted on the logistic regression's log-odds: what a weighted sum cannot say. */
    trees: z.array(tree).default([]),
    /** Below this probability, the question is declined. */
    threshold: z.number().min(0).max(1),
  }),
  /** Further excerpts must have at least this share of the best excerpt's probability. */
  followUpShare: z.number().min(0).max(1),
  /** How the weights were fitted and what they gave on held-out questions (for people). */
  trainedOn: z.unknown().optional(),
});

export type LogisticModel = z.infer<typeof logistic>;
export type Tree = z.infer<typeof tree>;
export type AnswerModel = z.infer<typeof modelFile>;

export const MODEL_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../model/answer-model.json');

/** Checks a model against the features this code computes: a stale file is an error, not noise. */
export function parseModel(data: unknown, where = 'the answer model'): AnswerModel {
  const parsed = modelFile.safeParse(data);
  if (!parsed.success) throw new Error(`${where} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const model = parsed.data;
  const expect = (m: LogisticModel, names: readonly string[], part: string) => {
    if (m.features.join() !== names.join())
      throw new Error(`${where} was fitted on other ${part} features (${m.features.join(', ')}); run npm run train`);
    if (m.mean.length !== names.length || m.scale.length !== names.length || m.weights.length !== names.length)
      throw new Error(`${where}: ${part} needs ${names.length} means, scales and weights`);
  };
  expect(model.ranker, RANK_FEATURES, 'ranker');
  expect(model.answerability, ANSWER_FEATURES, 'answerability');
  const treesFit = (trees: Tree[], names: readonly string[], part: string) => {
    if (trees.some((t) => t.feature.some((f) => f >= names.length)))
      throw new Error(`${where}: ${part === 'ranker' ? 'a ranker' : 'an answerability'} tree splits on a feature past the ${names.length} there are`);
  };
  treesFit(model.ranker.trees, RANK_FEATURES, 'ranker');
  treesFit(model.answerability.trees, ANSWER_FEATURES, 'answerability');
  return model;
}

let loaded: AnswerModel | undefined;

/** The model shipped with veille, read once. */
export function answerModel(): AnswerModel {
  loaded ??= parseModel(JSON.parse(readFileSync(MODEL_PATH, 'utf8')), MODEL_PATH);
  return loaded;
}

/** Log-odds of a feature row. */
export function logit(m: LogisticModel, x: readonly number[]): number {
  let z = m.bias;
  for (let i = 0; i < x.length; i++) z += m.weights[i] * ((x[i] - m.mean[i]) / m.scale[i]);
  return z;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The value of the leaf a row reaches. */
export function treeValue(t: Tree, x: readonly number[]): number {
  let node = 0;
  while (t.feature[node] >= 0) node = x[t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
  return t.value[node];
}

/** A linear score plus its boosted trees: the answerability log-odds, or a candidate's ranker score. */
export function boostedLogit(m: LogisticModel & { trees: Tree[] }, x: readonly number[]): number {
  let z = logit(m, x);
  for (const t of m.trees) z += treeValue(t, x);
  return z;
}

/** Log-odds that the articles answer: the logistic regression plus its boosted trees. */
export const answerLogit = (m: AnswerModel['answerability'], x: readonly number[]): number => boostedLogit(m, x);

/** A candidate's score under the ranker (softmax over the question's candidates): the conditional logit plus its trees. */
export const rankLogit = (m: AnswerModel['ranker'], x: readonly number[]): number => boostedLogit(m, x);
