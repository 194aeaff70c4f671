// ask(): a question → an Answer of verbatim, cited excerpts, or a clear "not in the articles".
import type { Answer, AskOptions, Corroboration, Excerpt } from './types.js';
import type { SearchIndex } from './search-index.js';
import { parseQuery, type ParsedQuery } from './question.js';
import { MAX_EXCERPT, rankCandidates, type Candidate } from './rank.js';
import { rankFeatures, answerFeatures } from './features.js';
import { answerLogit, answerModel, rankLogit, sigmoid, type AnswerModel } from './model.js';
import { sanitize } from './analysis/normalize.js';

export const MAX_QUESTION = 500;
/** Candidates the model scores: the ranking's best (the right one is almost always among them). */
const POOL = 50;

export function ask(index: SearchIndex, question: string, options: AskOptions = {}, suggestions: () => string[] = () => []): Answer {
  const limit = Math.max(1, Math.min(options.limit ?? 3, 10));
  const offset = Math.max(0, options.offset ?? 0);
  const cleaned = sanitize(question).trim();
  const refuse = (reason: 'empty' | 'too-long' | 'not-found', message: string): Answer => ({
    question: cleaned,
    answered: false,
    reason,
    message,
    suggestions: suggestions(),
    excerpts: [],
  });
  if (!cleaned) return refuse('empty', 'Ask a question about the articles, e.g. "how big is Hyperion".');
  if (cleaned.length > MAX_QUESTION)
    return refuse('too-long', `That question is ${cleaned.length} characters long; please keep it under ${MAX_QUESTION}.`);

  const { query, candidates, rows } = examine(index, cleaned);
  const decision = decide(answerModel(), query, candidates, rows);
  if (!decision.answered) return refuse('not-found', 'Not in the articles: nothing in the corpus answers that.');

  const chosen = pickDistinct(index, decision.cited);
  const page = chosen.slice(offset, offset + limit);
  return {
    question: cleaned,
    answered: true,
    kind: query.kind,
    excerpts: page.map((c) => toExcerpt(index, c)),
    moreAvailable: Math.max(0, chosen.length - offset - limit),
    corroboration: offset === 0 ? corroborate(index, chosen[0], decision.cited) : null,
  };
}

/** A question's candidate excerpts (best of the ranking first) and their feature rows. */
export interface Examined {
  query: ParsedQuery;
  candidates: Candidate[];
  rows: number[][];
}

export function examine(index: SearchIndex, question: string): Examined {
  const query = parseQuery(question, index);
  // An excerpt without a word of the question is never cited.
  const candidates = rankCandidates(query, index)
    .filter((c) => c.inside > 0)
    .slice(0, POOL);
  return { query, candidates, rows: rankFeatures(query, candidates) };
}

export interface Decision {
  /** The probability that the articles answer the question. */
  probability: number;
  answered: boolean;
  /** The candidates worth citing, most probably right first (empty when not answered). */
  cited: Candidate[];
  /** Every candidate with its probability, most probable first (for training and inspection). */
  scored: { candidate: Candidate; probability: number; logit: number }[];
  /** The answerability model's row. */
  answerRow: number[] | null;
}

/** The model's verdict: which excerpts, in which order, and whether to answer at all. */
export function decide(model: AnswerModel, query: ParsedQuery, candidates: Candidate[], rows: number[][]): Decision {
  // The ranker is a softmax over the question's candidates: each one's share of the belief.
  const logits = candidates.map((_, i) => rankLogit(model.ranker, rows[i]));
  const max = Math.max(...logits);
  const sum = logits.reduce((s, z) => s + Math.exp(z - max), 0);
  const scored = candidates
    .map((candidate, i) => ({ candidate, logit: logits[i], probability: Math.exp(logits[i] - max) / sum }))
    .sort((a, b) => b.logit - a.logit || a.candidate.passageId - b.candidate.passageId || a.candidate.start - b.candidate.start);
  const top = scored[0];
  if (!top) return { probability: 0, answered: false, cited: [], scored, answerRow: null };
  const other = scored.find((s) => s.candidate.article.id !== top.candidate.article.id)?.logit ?? -Infinity;
  const topShare = Math.log(top.probability / Math.max(1e-9, 1 - top.probability));
  const answerRow = answerFeatures(query, top.candidate, topShare, top.logit - other, candidates);
  const probability = sigmoid(answerLogit(model.answerability, answerRow));
  const answered = probability >= model.answerability.threshold;
  // Never cite noise: further excerpts must be nearly as likely right as the best one.
  const cited = answered ? scored.filter((s) => s.probability >= top.probability * model.followUpShare).map((s) => s.candidate) : [];
  return { probability, answered, cited, scored, answerRow };
}

/** Best first, no two excerpts overlapping, no text twice (articles repeat themselves). */
function pickDistinct(index: SearchIndex, ranked: Candidate[]): Candidate[] {
  const chosen: Candidate[] = [];
  const texts = new Set<string>();
  for (const c of ranked) {
    if (chosen.some((o) => o.passageId === c.passageId && c.first <= o.last && o.first <= c.last)) continue;
    const text = index.passage(c.passageId).text.slice(c.start, c.end).toLowerCase().replace(/\s+/g, ' ');
    if (texts.has(text)) continue;
    texts.add(text);
    chosen.push(c);
    if (chosen.length >= 30) break;
  }
  return chosen;
}

export function toExcerpt(index: SearchIndex, c: Candidate): Excerpt {
  const passage = index.passage(c.passageId);
  let start = c.start;
  let end = c.end;
  if (end - start > MAX_EXCERPT) [start, end] = clip(passage.text, start, end, c.answer ?? c.hits[0] ?? { start, end });
  const text = passage.text.slice(start, end);
  const span = c.answer && c.answer.start >= start && c.answer.end <= end ? { start: c.answer.start - start, end: c.answer.end - start } : null;
  return { text, span, article: c.article.ref, score: Math.round(c.score * 1000) / 1000 };
}

/** A window of at most MAX_EXCERPT characters around `focus`, cut at word boundaries. */
function clip(text: string, start: number, end: number, focus: { start: number; end: number }): [number, number] {
  const room = MAX_EXCERPT - (focus.end - focus.start);
  let from = Math.max(start, focus.start - Math.floor(room / 2));
  let to = Math.min(end, from + MAX_EXCERPT);
  from = Math.max(start, to - MAX_EXCERPT);
  // Move inwards to word boundaries.
  while (from > start && from < focus.start && !/\s/.test(text[from - 1])) from++;
  while (to < end && to > focus.end && !/\s/.test(text[to])) to--;
  while (/\s/.test(text[from] ?? '')) from++;
  while (to > from && /[\s,;:]/.test(text[to - 1])) to--;
  return [from, to];
}

/** Several articles giving the figure the best excerpt answers with. */
function corroborate(index: SearchIndex, top: Candidate | undefined, ranked: Candidate[]): Corroboration | null {
  const key = top?.answer?.key;
  if (!top || !key) return null;
  const articles = new Map<string, Candidate['article']>();
  for (const c of ranked) {
    const analysed = index.analysedPassage(c.passageId);
    const sentences = analysed.sentences.slice(c.first, c.last + 1);
    if (sentences.some((s) => s.entities.some((e) => e.key === key))) articles.set(c.article.id, c.article);
  }
  if (articles.size < 2) return null;
  const passage = index.passage(top.passageId);
  return { figure: passage.text.slice(top.answer!.start, top.answer!.end), articles: [...articles.values()].map((a) => a.ref) };
}
