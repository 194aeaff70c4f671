// ask(): a question → an Answer of verbatim, cited excerpts, or a clear "not in the articles".
import type { Answer, AskOptions, Corroboration, Excerpt } from './types.js';
import type { SearchIndex } from './search-index.js';
import { parseQuery, type ParsedQuery } from './question.js';
import { MAX_EXCERPT, rankCandidates, type Candidate } from './rank.js';
import { sanitize } from './analysis/normalize.js';

export const MAX_QUESTION = 500;

/** Below this share of the question's weight around the excerpt, the corpus does not answer. */
const MIN_COVERAGE = 0.5;
/** Further excerpts must score at least this share of the best one: never cite noise. */
const FOLLOW_UP_SHARE = 0.55;

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

  const query = parseQuery(cleaned, index);
  const ranked = relevant(query, rankCandidates(query, index));
  if (!ranked.length) return refuse('not-found', 'Not in the articles: nothing in the corpus answers that.');

  const chosen = pickDistinct(index, ranked);
  const page = chosen.slice(offset, offset + limit);
  return {
    question: cleaned,
    answered: true,
    kind: query.kind,
    excerpts: page.map((c) => toExcerpt(index, c)),
    moreAvailable: Math.max(0, chosen.length - offset - limit),
    corroboration: offset === 0 ? corroborate(index, chosen[0], ranked) : null,
  };
}

/** Kinds of question whose answer is a figure or a date: an excerpt without one must match on words. */
const TYPED = new Set(['money', 'count', 'size', 'share', 'date']);

/** Whether an excerpt answers the question rather than merely sharing some of its words. */
function answers(query: ParsedQuery, c: Candidate): boolean {
  // Words the corpus never uses may be mere phrasing ("when is Prometheus *coming online*"): when
  // the excerpt has every name asked about and the kind of fact asked for, they do not count.
  const phrasingOnly = TYPED.has(query.kind) && c.answer !== null && c.namesInside && query.groups.some((g) => g.isName);
  const coverage = phrasingOnly ? c.coverageOfKnown : c.coverage;
  if (coverage < MIN_COVERAGE || c.inside <= 0) return false;
  // The question's names belong together: an excerpt whose passage lacks one speaks of something else.
  if (!c.namesAround) return false;
  // "quel est le salaire de Sam Altman": the thing asked for must be there, as a word or as a figure.
  if (!c.focusInside && !(c.answer && query.focusIsKind)) return false;
  if (TYPED.has(query.kind) && !c.answer && c.wordsInside < 0.6) return false;
  return true;
}

/** The candidates worth citing, or none when the question is not about the corpus. */
function relevant(query: ParsedQuery, ranked: Candidate[]): Candidate[] {
  // A name the articles never mention (Eiffel, Naples): whatever else matches is beside the point.
  if (query.groups.some((g) => g.isName && !g.known) || query.focusUnknown) return [];
  const fit = ranked.filter((c) => answers(query, c));
  if (!fit.length) return [];
  const top = fit[0];
  return fit.filter((c) => c.score >= top.score * FOLLOW_UP_SHARE);
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
    if (c.coverage < MIN_COVERAGE) continue;
    const analysed = index.analysedPassage(c.passageId);
    const sentences = analysed.sentences.slice(c.first, c.last + 1);
    if (sentences.some((s) => s.entities.some((e) => e.key === key))) articles.set(c.article.article.id, c.article);
  }
  if (articles.size < 2) return null;
  const passage = index.passage(top.passageId);
  return { figure: passage.text.slice(top.answer!.start, top.answer!.end), articles: [...articles.values()].map((a) => a.ref) };
}
