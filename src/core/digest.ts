// digest(): the articles added to the corpus in a window, each with its key sentences (verbatim:
// those carrying the article's main figures and names) and its topics. Extractive only: nothing
// here writes a word the article did not.
import type { Digest, DigestArticle, DigestOptions } from './types.js';
import type { IndexedArticle, SearchIndex } from './search-index.js';
import { namesIn, withoutContainedNames } from './search-index.js';
import type { EntityKind } from './analysis/entities.js';
import { isCommonWord } from './analysis/lexicon.js';
import { fold } from './analysis/normalize.js';

/** The longest highlight, in characters (as excerpts). */
export const MAX_HIGHLIGHT = 400;
const MAX_TOPICS = 5;

/** What a fact weighs in a key sentence: figures most, then names, then dates. */
const WEIGHT: Record<EntityKind, number> = { money: 3, size: 3, share: 2.5, count: 1.5, person: 1.5, place: 1, date: 0.5 };

export function digest(index: SearchIndex, since: Date, until: Date, options: DigestOptions = {}): Digest {
  const timeZone = options.timeZone ?? 'UTC';
  const from = since.getTime();
  const to = until.getTime();
  const chosen = [...index.articles.values()]
    .filter((a) => {
      const added = Date.parse(a.article.added);
      return added >= from && added < to;
    })
    .sort((a, b) => Date.parse(b.article.added) - Date.parse(a.article.added) || a.article.title.localeCompare(b.article.title));
  const articles = chosen.map((a) => digestArticle(index, a));
  const day = localDay(until, timeZone);
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    day,
    timeZone,
    count: articles.length,
    title: headerOf(day, articles.length),
    articles,
  };
}

/** `2026-11-23` for the local day of `date` in `timeZone`. */
export function localDay(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `Digest for Monday 23 November 2026 · 3 new articles`. */
export function headerOf(day: string, count: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const long = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(Date.UTC(y, m - 1, d)))
    .replace(',', '');
  const articles = count === 0 ? 'no new articles' : count === 1 ? '1 new article' : `${count} new articles`;
  return `Digest for ${long} · ${articles}`;
}

interface Candidate {
  passage: number;
  position: number;
  text: string;
  score: number;
}

function digestArticle(index: SearchIndex, entry: IndexedArticle): DigestArticle {
  const names = new Map<string, { label: string; count: number; first: number }>();
  const candidates: Candidate[] = [];
  let position = 0;
  const titleNames = namesIn(entry.article.title);
  for (const label of titleNames) count(names, label, -1);
  for (const id of entry.passageIds) {
    const passage = index.passage(id);
    const analysed = index.analysedPassage(id);
    for (const s of analysed.sentences) {
      const text = passage.text.slice(s.start, s.end);
      const found = namesIn(text);
      for (const label of found) count(names, label, position);
      candidates.push({ passage: id, position: position++, text, score: sentenceScore(s.entities, found.length, text.length) });
    }
  }
  // Sentences naming the article's main names count more: it is about them.
  const main = new Set(
    [...names.values()]
      .filter((n) => n.count >= 2)
      .map((n) => fold(n.label)),
  );
  for (const c of candidates) {
    const mainHere = new Set(namesIn(c.text).map(fold).filter((n) => main.has(n))).size;
    c.score += mainHere * 0.75;
    // Earlier sentences carry the news (inverted pyramid); a gentle preference.
    c.score *= 1 / (1 + c.position * 0.04);
  }
  const ranked = candidates.filter((c) => c.score > 0).sort((a, b) => b.score - a.score || a.position - b.position);
  const picks: Candidate[] = [];
  const best = ranked[0] ?? candidates[0];
  if (best) picks.push(best);
  const second = ranked.find((c) => c !== best && c.score >= (best?.score ?? 0) * 0.5 && !sameText(c.text, best!.text));
  if (second) picks.push(second);
  picks.sort((a, b) => a.position - b.position);
  return {
    article: entry.ref,
    added: entry.article.added,
    highlights: picks.map((c) => clipVerbatim(c.text, MAX_HIGHLIGHT)),
    topics: topicsOf(names),
  };
}

function count(names: Map<string, { label: string; count: number; first: number }>, label: string, position: number): void {
  const key = fold(label);
  const n = names.get(key);
  if (n) n.count++;
  else names.set(key, { label, count: 1, first: position });
}

function sentenceScore(entities: { kind: EntityKind }[], names: number, length: number): number {
  if (length < 30) return 0; // a caption, a dateline, a stray heading
  let score = 0;
  const seen = new Map<EntityKind, number>();
  for (const e of entities) {
    const n = seen.get(e.kind) ?? 0;
    // A second figure of the same kind adds less than the first.
    score += WEIGHT[e.kind] / (1 + n);
    seen.set(e.kind, n + 1);
  }
  score += Math.min(names, 4) * 0.75;
  // Too long a sentence will be cut: a little less attractive.
  if (length > MAX_HIGHLIGHT) score *= 0.8;
  return score;
}

function topicsOf(names: Map<string, { label: string; count: number; first: number }>): string[] {
  const labels = [...names.values()]
    .filter((n) => !isCommonWord(n.label))
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .map((n) => n.label);
  return withoutContainedNames(labels).slice(0, MAX_TOPICS);
}

function sameText(a: string, b: string): boolean {
  return fold(a).replace(/\W+/g, '') === fold(b).replace(/\W+/g, '');
}

/** The text if short enough, else its longest verbatim prefix that ends at a word boundary. */
export function clipVerbatim(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  const space = head.search(/\s\S*$/);
  return (space > max * 0.5 ? text.slice(0, space) : text.slice(0, max)).replace(/[\s,;:–—-]+$/, '');
}
