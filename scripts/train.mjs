#!/usr/bin/env node
// npm run train: fits the answer model (src/core/model.ts) and writes model/answer-model.json.
//
// Labelled questions: the SQuAD 2.0 training sample (English, with unanswerable questions) and
// PIAF (French) from ../shared/eval/external/, the project's own news question files. Each set's
// articles become a corpus (as the scorer makes it); every question is run through the engine's
// own ranking (`examine`), and each candidate excerpt is labelled right when it comes from the
// question's article and holds a gold answer, as the scorers count it.
//
// Fitted on: SQuAD articles of one hash class in four held out, the other three in; PIAF
// articles split in two halves by hash (fit on one, report on the other); the news files in
// full (they are tiny). Two linear models fitted by Newton's method with an L2 penalty, each with
// boosted trees on top, deterministic: the ranker (which excerpt is right? a softmax over the
// question's candidates) and the answerability model (does the corpus answer this question?),
// whose threshold is chosen so that every training set keeps at least ANSWERED_TARGET of its
// answerable questions answered.
//
//   node scripts/train.mjs [--limit N] [--out FILE] [--dump FILE] [--hold-out NEWS.jsonl …]
// (run `npm run build` first; npm run train does). --hold-out leaves a news question file out of
// the fit and reports it apart: how the model does on news questions it has not seen.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { Engine } = await dist('core/engine.js');
const { examine, decide, toExcerpt } = await dist('core/answer.js');
const { RANK_FEATURES, ANSWER_FEATURES } = await dist('core/features.js');
const { answerLogit, logit, sigmoid, treeValue } = await dist('core/model.js');
const { heldOut, fnv1a } = await import('../eval/split.mjs');
const { engineOver } = await import('../eval/engine-over.mjs');
const { scorerFold: norm } = await import('../eval/fold.mjs');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const LIMIT = Number(opt('--limit', 0)) || Infinity;
const OUT = path.resolve(opt('--out', path.join(root, 'model/answer-model.json')));
/** News question files left out of the fit and reported apart (the news files are all fitted by default). */
const HELD_NEWS = new Set(args.flatMap((a, i) => (args[i - 1] === '--hold-out' ? [path.resolve(a)] : [])));
const SHARED = path.resolve(root, '../shared/eval');
/** Share of answerable questions every training set must keep answered. */
const ANSWERED_TARGET = 0.955;
/**
 * Weight of a news question against one of the large sets: the bot's own domain. 15, not more: with
 * eval/questions.jsonl held out (--hold-out), 15 and 40 decline the same share of its off-topic
 * questions (53.8 %) and 15 ranks better (hit@1 70 against 66), while 40 costs SQuAD's held-out
 * quarter a quarter of its declined unanswerable questions (19.5 % against 26.2 %).
 */
const NEWS_WEIGHT = Number(process.env.NEWS_WEIGHT ?? 15);
const L2 = 1;
/** The answerability trees: small (depth 3, 150 trees, shrunk steps), as held-out abstention on SQuAD and PIAF said. */
const BOOSTING = { trees: Number(process.env.TREES ?? 150), depth: 3, rate: 0.05, l2: 1, minLeaf: 20, bins: 64 };
/**
 * The ranker's trees: at most `trees`, as many as lower the softmax loss on a fifth of the fitted
 * questions (by article) left out of a first fit (RANK_VALIDATION), then fitted again on all. A
 * leaf holds at least minLeaf candidates (of about half a million), so that no leaf stands for a
 * handful of questions. Depth 4: depth 5 stops at 115 trees for the same validation hit@1 (77.7)
 * and learns the fitted half of PIAF (58.0 → 59.8) at the expense of the held-out one (58.5 →
 * 58.2; SQuAD held out 72.5 → 72.3, English PIAF 51.0 → 50.3).
 */
const RANK_BOOSTING = { trees: Number(process.env.RANK_TREES ?? 200), depth: Number(process.env.RANK_DEPTH ?? 4), rate: 0.1, l2: 1, minLeaf: 200, bins: 64 };
const RANK_VALIDATION = (e) => fnv1a(`${e.item.article ?? e.item.q}#ranker`) % 5 === 0;

// ---- helpers ----
const readJsonl = (file) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

// ---- the labelled questions ----
/** { set, part: 'fit'|'held', weight, q, answerable, right(excerpt) } */
async function collect() {
  const sets = [];
  const external = (name) => path.join(SHARED, 'external', `${name}.jsonl`);
  if (fs.existsSync(external('squad2-train'))) {
    const records = readJsonl(external('squad2-train'));
    const questions = records.flatMap((r) =>
      r.questions.map((q) => ({
        q: q.question,
        answerable: q.answerable !== false,
        article: r.inCorpus === false ? null : r.id,
        gold: (q.answers ?? []).map(norm),
        part: heldOut['squad2-train'](r.inCorpus === false ? q.id : r.id) ? 'held' : 'fit',
      })),
    );
    sets.push({ name: 'squad2-train', engine: await engineOver(Engine, records.filter((r) => r.inCorpus !== false), 'squad2-train'), questions, weight: 1 });
  }
  if (fs.existsSync(external('piaf'))) {
    const records = readJsonl(external('piaf'));
    const questions = records.flatMap((r) =>
      r.questions.map((q) => ({ q: q.question, answerable: true, article: r.id, gold: q.answers.map(norm), part: heldOut.piaf(r.id) ? 'held' : 'fit' })),
    );
    const engine = await engineOver(Engine, records, 'piaf');
    sets.push({ name: 'piaf', engine, questions, weight: 1 });
    // The same articles asked in English (eval/piaf-en.jsonl, put into English by hand): the
    // headline case, English questions over French text. Same split as the French questions.
    const translated = path.join(root, 'eval/piaf-en.jsonl');
    if (fs.existsSync(translated)) {
      const byId = new Map(records.flatMap((r) => r.questions.map((q) => [q.id, { article: r.id, gold: q.answers.map(norm) }])));
      const english = readJsonl(translated).map((t) => {
        const source = byId.get(t.id);
        if (!source) throw new Error(`eval/piaf-en.jsonl: ${t.id} is not a PIAF question`);
        return { q: t.question, answerable: true, ...source, part: heldOut.piaf(source.article) ? 'held' : 'fit' };
      });
      // Fitted on, but not held to ANSWERED_TARGET: the issue asks these to reach a share of what
      // the French questions get, and a threshold low enough for them would answer everything else.
      sets.push({ name: 'piaf-en', engine, questions: english, weight: 1, thresholdFree: true });
    }
  }
  const news = [path.join(SHARED, 'questions.jsonl'), path.join(root, 'eval/questions.jsonl'), path.join(root, 'eval/news-train.jsonl')].filter((f) => fs.existsSync(f));
  if (news.length) {
    const engine = await Engine.fromDirectory(path.join(root, 'corpus'));
    const questions = news.flatMap((f) =>
      readJsonl(f)
        .filter((r) => r.kind === 'ask' || r.kind === 'offtopic')
        .map((r) => ({ q: r.q, answerable: r.kind === 'ask', article: null, gold: (r.gold ?? []).map(norm), part: HELD_NEWS.has(path.resolve(f)) ? 'held' : 'fit' })),
    );
    sets.push({ name: 'news', engine, questions, weight: NEWS_WEIGHT });
  }
  return sets;
}

// ---- logistic regression by Newton's method ----
function standardise(rows, d) {
  const mean = new Array(d).fill(0);
  const scale = new Array(d).fill(0);
  for (const { x } of rows) for (let j = 0; j < d; j++) mean[j] += x[j] / rows.length;
  for (const { x } of rows) for (let j = 0; j < d; j++) scale[j] += (x[j] - mean[j]) ** 2 / rows.length;
  return { mean: mean.map(round), scale: scale.map((v) => round(Math.sqrt(v) || 1)) };
}

function solve(A, b) {
  // Gaussian elimination with partial pivoting (A is small and positive definite).
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** rows: { x: number[], y: 0|1, w: weight } → { features, mean, scale, weights, bias } */
function fitLogistic(rows, features) {
  const d = features.length;
  const { mean, scale } = standardise(rows, d);
  const z = rows.map(({ x }) => [...x.map((v, j) => (v - mean[j]) / scale[j]), 1]);
  let beta = new Array(d + 1).fill(0);
  for (let iter = 0; iter < 25; iter++) {
    const g = new Array(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array(d + 1).fill(0));
    rows.forEach(({ y, w }, i) => {
      const zi = z[i];
      let s = 0;
      for (let j = 0; j <= d; j++) s += beta[j] * zi[j];
      const p = 1 / (1 + Math.exp(-s));
      const r = w * (p - y);
      const h = w * p * (1 - p);
      for (let j = 0; j <= d; j++) {
        g[j] += r * zi[j];
        const hz = h * zi[j];
        for (let k = j; k <= d; k++) H[j][k] += hz * zi[k];
      }
    });
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) H[j][k] = H[k][j];
    for (let j = 0; j < d; j++) {
      g[j] += L2 * beta[j];
      H[j][j] += L2;
    }
    const step = solve(H, g);
    beta = beta.map((b, j) => b - step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return { features: [...features], mean, scale, weights: beta.slice(0, d).map(round), bias: round(beta[d]) };
}

/**
 * The ranker: a conditional logit (softmax over one question's candidates), fitted on the
 * questions that have a right candidate, so that it learns which excerpt is best among those the
 * ranking offers, not how good candidates are in general. groups: [{ rows: number[][], labels, w }]
 */
function fitConditional(groups, features) {
  const d = features.length;
  const all = groups.flatMap((g) => g.rows.map((x) => ({ x })));
  const { mean, scale } = standardise(all, d);
  const zs = groups.map((g) => g.rows.map((x) => x.map((v, j) => (v - mean[j]) / scale[j])));
  let beta = new Array(d).fill(0);
  for (let iter = 0; iter < 30; iter++) {
    const grad = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    groups.forEach((g, q) => {
      const z = zs[q];
      const pos = g.labels.reduce((a, b) => a + b, 0);
      if (!pos) return;
      const s = z.map((x) => x.reduce((acc, v, j) => acc + beta[j] * v, 0));
      const m = Math.max(...s);
      const e = s.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / sum);
      const mean = new Array(d).fill(0);
      z.forEach((x, i) => x.forEach((v, j) => (mean[j] += p[i] * v)));
      z.forEach((x, i) => {
        const r = g.w * (p[i] - g.labels[i] / pos);
        for (let j = 0; j < d; j++) {
          grad[j] += r * x[j];
          const pj = g.w * p[i] * x[j];
          for (let k = j; k < d; k++) H[j][k] += pj * x[k];
        }
      });
      for (let j = 0; j < d; j++) for (let k = j; k < d; k++) H[j][k] -= g.w * mean[j] * mean[k];
    });
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) H[j][k] = H[k][j];
    for (let j = 0; j < d; j++) {
      grad[j] += L2 * beta[j];
      H[j][j] += L2;
    }
    const step = solve(H, grad);
    // Halve the step until the penalised loss goes down (Newton alone can overshoot here).
    let t = 1;
    const before = loss(beta);
    let next = beta.map((b, j) => b - step[j]);
    while (loss(next) > before && t > 1e-4) {
      t /= 2;
      next = beta.map((b, j) => b - t * step[j]);
    }
    beta = next;
    if (process.env.TRAIN_DEBUG) console.error(`conditional logit: iteration ${iter}, loss ${before.toFixed(2)}, step ${t}`);
    if (t * Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return { features: [...features], mean, scale, weights: beta.map(round), bias: 0 };

  function loss(b) {
    let total = 0;
    groups.forEach((g, q) => {
      const pos = g.labels.reduce((a, c) => a + c, 0);
      if (!pos) return;
      const s = zs[q].map((x) => x.reduce((acc, v, j) => acc + b[j] * v, 0));
      const m = Math.max(...s);
      const lse = m + Math.log(s.reduce((acc, v) => acc + Math.exp(v - m), 0));
      g.labels.forEach((y, i) => (total -= (g.w * y * (s[i] - lse)) / pos));
    });
    return total + (L2 / 2) * b.reduce((acc, v) => acc + v * v, 0);
  }
}

/**
 * Gradient-boosted regression trees on top of a fitted linear model (its scores are the starting
 * margins), for any loss whose derivatives `gradients` gives: each tree is grown greedily on
 * quantile bins of the features, its leaves take Newton steps (-G / (H + l2)) shrunk by `rate`.
 * What the weighted sum cannot say — a feature that matters only when another is low — is left to
 * the trees. Used for the answerability model (logistic loss, one row per question) and for the
 * ranker (softmax loss, one row per candidate, gradients per question).
 *   xs: feature rows; F: the starting margins (updated in place); gradients(F, g, h): fills the
 *   loss's first and second derivatives at F; afterTree(tree): called as each tree is added.
 * → trees in model.ts's node-array form.
 */
function fitTrees(xs, F, gradients, { trees: count, depth, rate, l2, minLeaf, bins }, afterTree = () => {}) {
  const n = xs.length;
  const d = xs[0].length;
  const edges = [];
  for (let j = 0; j < d; j++) {
    const values = Float64Array.from(xs, (x) => x[j]).sort();
    const cut = [];
    for (let b = 1; b < bins; b++) {
      const v = values[Math.floor((b * n) / bins)];
      if (v > (cut.at(-1) ?? -Infinity) && v < values[n - 1]) cut.push(v);
    }
    edges.push(cut);
  }
  // Each row's bin for each feature, row after row (bins < 256).
  const bin = new Uint8Array(n * d);
  xs.forEach((x, i) => {
    for (let j = 0; j < d; j++) {
      const cut = edges[j];
      let lo = 0;
      let hi = cut.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (x[j] > cut[mid]) lo = mid + 1;
        else hi = mid;
      }
      bin[i * d + j] = lo;
    }
  });
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const hg = new Float64Array(d * bins);
  const hh = new Float64Array(d * bins);
  const hc = new Int32Array(d * bins);
  const out = [];
  for (let t = 0; t < count; t++) {
    gradients(F, g, h);
    const tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const grow = (idx, level) => {
      const node = tree.feature.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      let G = 0;
      let H = 0;
      for (const i of idx) {
        G += g[i];
        H += h[i];
      }
      let best = null;
      if (level < depth && idx.length >= 2 * minLeaf) {
        hg.fill(0);
        hh.fill(0);
        hc.fill(0);
        for (const i of idx) {
          const gi = g[i];
          const hi = h[i];
          for (let j = 0, at = i * d; j < d; j++, at++) {
            const k = j * bins + bin[at];
            hg[k] += gi;
            hh[k] += hi;
            hc[k]++;
          }
        }
        for (let j = 0; j < d; j++) {
          const nb = edges[j].length + 1;
          let gl = 0;
          let hl = 0;
          let cl = 0;
          for (let b = 0; b < nb - 1; b++) {
            gl += hg[j * bins + b];
            hl += hh[j * bins + b];
            cl += hc[j * bins + b];
            if (cl < minLeaf || idx.length - cl < minLeaf) continue;
            const gain = (gl * gl) / (hl + l2) + ((G - gl) * (G - gl)) / (H - hl + l2) - (G * G) / (H + l2);
            if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, j, b };
          }
        }
      }
      if (!best) {
        tree.value[node] = round((-G / (H + l2)) * rate);
        return node;
      }
      tree.feature[node] = best.j;
      tree.threshold[node] = edges[best.j][best.b];
      const left = idx.filter((i) => bin[i * d + best.j] <= best.b);
      const right = idx.filter((i) => bin[i * d + best.j] > best.b);
      tree.left[node] = grow(left, level + 1);
      tree.right[node] = grow(right, level + 1);
      return node;
    };
    grow([...Array(n).keys()], 0);
    out.push(tree);
    for (let i = 0; i < n; i++) F[i] += treeValue(tree, xs[i]);
    afterTree(tree);
  }
  return out;
}

/** The logistic loss's derivatives for rows { y, w } at margins F. */
const logisticGradients = (rows) => (F, g, h) =>
  rows.forEach((r, i) => {
    const p = 1 / (1 + Math.exp(-F[i]));
    g[i] = r.w * (p - r.y);
    h[i] = r.w * p * (1 - p);
  });

/**
 * The conditional logit's derivatives (softmax over each question's candidates, the right ones
 * sharing the target) for candidates laid end to end, question after question: groups give each
 * question's labels and weight. The second derivative is the diagonal's, w p (1 - p).
 */
const softmaxGradients = (groups) => (F, g, h) => {
  let at = 0;
  for (const { labels, w } of groups) {
    const pos = labels.reduce((a, b) => a + b, 0);
    let max = -Infinity;
    for (let i = 0; i < labels.length; i++) max = Math.max(max, F[at + i]);
    let sum = 0;
    for (let i = 0; i < labels.length; i++) sum += Math.exp(F[at + i] - max);
    for (let i = 0; i < labels.length; i++) {
      const p = Math.exp(F[at + i] - max) / sum;
      g[at + i] = w * (p - labels[i] / pos);
      h[at + i] = w * p * (1 - p);
    }
    at += labels.length;
  }
};

/** Weighted softmax loss and hit@1 (first candidate right, ties to the earlier) of questions laid end to end. */
function softmaxFit(groups, F) {
  let loss = 0;
  let hits = 0;
  let weight = 0;
  let at = 0;
  for (const { labels, w } of groups) {
    const pos = labels.reduce((a, b) => a + b, 0);
    let max = -Infinity;
    let top = 0;
    for (let i = 0; i < labels.length; i++) if (F[at + i] > max) [max, top] = [F[at + i], i];
    let sum = 0;
    for (let i = 0; i < labels.length; i++) sum += Math.exp(F[at + i] - max);
    const lse = max + Math.log(sum);
    for (let i = 0; i < labels.length; i++) if (labels[i]) loss -= (w * (F[at + i] - lse)) / pos;
    hits += w * labels[top];
    weight += w;
    at += labels.length;
  }
  return { loss: loss / weight, hit1: hits / weight };
}

const round = (v) => Number(v.toPrecision(6));
const roundFit = ({ loss, hit1 }) => ({ loss: round(loss), hit1: round(hit1) });
const pct = (a, n) => (n ? Math.round((1000 * a) / n) / 10 : null);

// ---- run ----
const started = Date.now();
const sets = await collect();
if (!sets.length) {
  console.error('train: no labelled questions found (expected ../shared/eval/external/*.jsonl or eval/questions.jsonl)');
  process.exit(1);
}
// Examine every question once: candidates, their features and labels.
const examined = [];
for (const set of sets) {
  const index = set.engine.searchIndex;
  const questions = set.questions.slice(0, LIMIT);
  for (const item of questions) {
    const ex = examine(index, item.q);
    const labels = ex.candidates.map((c) => {
      if (!item.answerable) return 0;
      if (item.article && c.article.article.id !== item.article) return 0;
      const text = norm(toExcerpt(index, c).text);
      return item.gold.some((g) => text.includes(g)) ? 1 : 0;
    });
    examined.push({ set: set.name, weight: set.weight, item, ex, labels });
  }
  console.error(`train: ${set.name}: ${questions.length} questions examined (${Math.round((Date.now() - started) / 1000)} s)`);
}
const fit = examined.filter((e) => e.item.part === 'fit');

// 1. The ranker, on the candidates of the fitting questions: the conditional logit, then boosted
// trees on its scores for the same softmax loss (only questions with a right candidate teach it).
const linearRanker = fitConditional(
  fit.filter((e) => e.ex.rows.length).map((e) => ({ rows: e.ex.rows, labels: e.labels, w: e.weight })),
  RANK_FEATURES,
);
// Every question weighs one here, the news ones too: weighed 15 times, the 150 news questions
// fill leaves of their own and are learnt by heart (fitted news hit@1 71.6 → 89.2, none of it on
// news questions held out), and the answerability model, fitted on the ranker's confidence on the
// same questions, then takes an ordinary lead for a sign of no answer ("when will Prometheus be
// operational" declined).
const rankGroups = (list) => list.filter((e) => e.labels.some(Boolean)).map((e) => ({ rows: e.ex.rows, labels: e.labels, w: 1 }));
function boostRanker(groups, count, validation = []) {
  const xs = groups.flatMap((g) => g.rows);
  const vx = validation.flatMap((g) => g.rows);
  const VF = Float64Array.from(vx, (x) => logit(linearRanker, x));
  const curve = [softmaxFit(validation, VF)];
  const trees = fitTrees(xs, Float64Array.from(xs, (x) => logit(linearRanker, x)), softmaxGradients(groups), { ...RANK_BOOSTING, trees: count }, (tree) => {
    if (!validation.length) return;
    for (let i = 0; i < vx.length; i++) VF[i] += treeValue(tree, vx[i]);
    curve.push(softmaxFit(validation, VF));
  });
  return { trees, curve };
}
const probe = boostRanker(rankGroups(fit.filter((e) => !RANK_VALIDATION(e))), RANK_BOOSTING.trees, rankGroups(fit.filter(RANK_VALIDATION)));
const rankTrees = probe.curve.reduce((b, c, k) => (c.loss < probe.curve[b].loss ? k : b), 0);
const rankerSize = { trees: rankTrees, of: RANK_BOOSTING.trees, validationBefore: probe.curve[0], validationAfter: probe.curve[rankTrees] };
console.error(`train: ranker trees: ${rankTrees} of ${RANK_BOOSTING.trees} lower the loss on the validation fifth (hit@1 ${pct(probe.curve[0].hit1 * 1000, 1000)} → ${pct(probe.curve[rankTrees].hit1 * 1000, 1000)} of those with a right candidate) (${Math.round((Date.now() - started) / 1000)} s)`);
if (process.env.TRAIN_DEBUG) probe.curve.forEach((c, k) => k % 10 === 0 && console.error(`  ${k} trees: loss ${c.loss.toFixed(4)}, hit@1 ${(100 * c.hit1).toFixed(1)}`));
const ranker = { ...linearRanker, trees: rankTrees ? boostRanker(rankGroups(fit), rankTrees).trees : [] };

// 2. The answerability model, on the fitting questions' best candidates under that ranker.
const provisional = { version: 1, ranker, answerability: { ...ranker, features: [...ANSWER_FEATURES], mean: ANSWER_FEATURES.map(() => 0), scale: ANSWER_FEATURES.map(() => 1), weights: ANSWER_FEATURES.map(() => 0), bias: 0, trees: [], threshold: 0 }, followUpShare: 0 };
for (const e of examined) e.decision = decide(provisional, e.ex.query, e.ex.candidates, e.ex.rows);
const answerRows = fit.filter((e) => e.decision.answerRow).map((e) => ({ x: e.decision.answerRow, y: e.item.answerable ? 1 : 0, w: e.weight }));
const linear = fitLogistic(answerRows, ANSWER_FEATURES);
const answerability = { ...linear, trees: fitTrees(answerRows.map((r) => r.x), Float64Array.from(answerRows, (r) => logit(linear, r.x)), logisticGradients(answerRows), BOOSTING) };

// 3. The threshold: the highest that keeps ANSWERED_TARGET of each set's answerable questions.
for (const e of examined) e.p = e.decision.answerRow ? sigmoid(answerLogit(answerability, e.decision.answerRow)) : 0;
let threshold = 1;
for (const set of sets.filter((s) => !s.thresholdFree)) {
  const ps = fit.filter((e) => e.set === set.name && e.item.answerable).map((e) => e.p).sort((a, b) => a - b);
  if (ps.length) threshold = Math.min(threshold, ps[Math.floor(ps.length * (1 - ANSWERED_TARGET))]);
}
threshold = round(Math.max(0, threshold - 1e-9));

// 4. Follow-up excerpts: the strictest share of the best excerpt's probability that keeps hit@3
// within half a point of the most permissive one (more excerpts, but not noise).
const rankOf = (e, share) => {
  const top = e.decision.scored[0];
  if (!top) return -1;
  const cited = e.decision.scored.filter((s) => s.probability >= top.probability * share);
  // Distinct texts, as the answer gives them.
  const seen = new Set();
  let r = 0;
  for (const s of cited) {
    const key = `${s.candidate.passageId}:${s.candidate.first}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (e.labels[e.ex.candidates.indexOf(s.candidate)]) return r;
    if (++r >= 3) return -1;
  }
  return -1;
};
const hit3At = (share) => pct(fit.filter((e) => e.item.answerable && e.p >= threshold && rankOf(e, share) >= 0).length, fit.filter((e) => e.item.answerable).length);
const shares = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
const most = Math.max(...shares.map(hit3At));
const followUpShare = Math.max(...shares.filter((s) => hit3At(s) >= most - 0.5));

// ---- report ----
function summary(list) {
  const ans = list.filter((e) => e.item.answerable);
  const un = list.filter((e) => !e.item.answerable);
  const answered = (e) => e.p >= threshold;
  const rank = (e) => (answered(e) ? rankOf(e, followUpShare) : -1);
  return {
    n: list.length,
    hit1: pct(ans.filter((e) => rank(e) === 0).length, ans.length),
    hit3: pct(ans.filter((e) => rank(e) >= 0).length, ans.length),
    inPool: pct(ans.filter((e) => e.labels.some(Boolean)).length, ans.length),
    bestCandidate: pct(ans.filter((e) => e.decision.scored[0] && e.labels[e.ex.candidates.indexOf(e.decision.scored[0].candidate)]).length, ans.length),
    answered: pct(ans.filter(answered).length, ans.length),
    abstained: un.length ? pct(un.filter((e) => !answered(e)).length, un.length) : null,
  };
}
const report = {};
for (const set of sets)
  for (const part of ['fit', 'held']) {
    const list = examined.filter((e) => e.set === set.name && e.item.part === part);
    if (list.length) report[`${set.name} ${part === 'fit' ? 'fitted' : 'held out'}`] = summary(list);
  }
console.table(report);
const DUMP = opt('--dump', null);
if (DUMP)
  fs.writeFileSync(DUMP, examined.map((e) => JSON.stringify({ set: e.set, part: e.item.part, q: e.item.q, answerable: e.item.answerable, p: round(e.p), answered: e.p >= threshold, rank: rankOf(e, followUpShare), any: e.labels.some(Boolean), gold: e.item.gold, top: e.decision.scored[0] ? toExcerpt(sets.find((x) => x.name === e.set).engine.searchIndex, e.decision.scored[0].candidate).text : null, row: e.decision.answerRow?.map(round) })).join('\n') + '\n');

const model = {
  version: 1,
  ranker,
  answerability: { ...answerability, threshold },
  followUpShare,
  trainedOn: {
    script: 'scripts/train.mjs',
    sets: Object.fromEntries(sets.map((s) => [s.name, s.questions.slice(0, LIMIT).length])),
    split: 'eval/split.mjs: squad2-train articles with FNV-1a(id) % 4 == 0 held out; piaf FNV-1a(id) % 2 == 1 held out; news: all fitted',
    answeredTarget: ANSWERED_TARGET,
    rankerTrees: { ...rankerSize, validationBefore: roundFit(rankerSize.validationBefore), validationAfter: roundFit(rankerSize.validationAfter) },
    report,
  },
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(model, null, 2)}\n`);
console.error(`train: wrote ${path.relative(process.cwd(), OUT)} (threshold ${threshold}, follow-up share ${followUpShare}) in ${Math.round((Date.now() - started) / 1000)} s`);
