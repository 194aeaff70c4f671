// sources(): a topic → the articles about it, best first, each with its best excerpt.
import type { SourceEntry, Sources } from './types.js';
import type { SearchIndex } from './search-index.js';
import { parseQuery } from './question.js';
import { MAX_EXCERPT, rankCandidates } from './rank.js';
import { clipVerbatim } from './digest.js';
import { toExcerpt, MAX_QUESTION } from './answer.js';
import { sanitize } from './analysis/normalize.js';

/** A passage mentions the topic when it holds this share of the topic's weight. */
const MENTION = 0.75;
/**
 * The catalogue (an empty topic) lists the newest articles only: more than any platform shows
 * (a Discord embed holds under 100 entries, a Slack message 50 blocks), and at 100,000 articles
 * the whole list would cost an excerpt per article and a message of megabytes.
 */
export const CATALOGUE_LIMIT = 100;

export function sources(index: SearchIndex, topic: string, suggestions: () => string[] = () => []): Sources {
  const cleaned = sanitize(topic).trim();
  if (!cleaned) return { topic: cleaned, found: true, sources: catalogue(index), total: index.articles.size };
  if (cleaned.length > MAX_QUESTION)
    return { topic: cleaned, found: false, sources: [], message: `That topic is ${cleaned.length} characters long; please keep it under ${MAX_QUESTION}.` };
  const query = { ...parseQuery(cleaned, index), kind: 'other' as const, focus: null };
  const notFound: Sources = {
    topic: cleaned,
    found: false,
    sources: [],
    message: 'No article in the corpus is about that.',
    suggestions: suggestions(),
  };
  if (query.groups.some((g) => g.isName && !g.known)) return notFound;
  const candidates = rankCandidates(query, index, 400);
  const byArticle = new Map<string, { passages: Set<number>; best: (typeof candidates)[number]; total: number }>();
  for (const c of candidates) {
    if (c.mentions < MENTION || c.inside <= 0) continue;
    const entry = byArticle.get(c.article.id);
    if (!entry) byArticle.set(c.article.id, { passages: new Set([c.passageId]), best: c, total: c.score });
    else if (!entry.passages.has(c.passageId)) {
      entry.passages.add(c.passageId);
      entry.total += c.score;
    }
  }
  const entries: SourceEntry[] = [...byArticle.values()]
    .sort((a, b) => b.total - a.total || b.best.score - a.best.score)
    .map(({ passages, best }) => {
      const excerpt = toExcerpt(index, best);
      return { article: best.article.ref, passages: passages.size, excerpt: excerpt.text, span: excerpt.span, score: Math.round(best.score * 1000) / 1000 };
    });
  return entries.length ? { topic: cleaned, found: true, sources: entries } : notFound;
}

/** The newest articles (CATALOGUE_LIMIT), each with its opening sentence(s). */
function catalogue(index: SearchIndex): SourceEntry[] {
  // (Each article's metadata decoded once, not at every comparison: the index keeps it packed.)
  return [...index.articles.values()]
    .map((entry) => {
      const { date, added } = entry.article;
      return { entry, date: date ?? '', added };
    })
    .sort((a, b) => b.date.localeCompare(a.date) || b.added.localeCompare(a.added))
    .slice(0, CATALOGUE_LIMIT)
    .map(({ entry: a }) => {
      const first = a.passageIds[0];
      const analysed = first === undefined ? null : index.analysedPassage(first);
      const s = analysed?.sentences[0];
      const text = s ? clipVerbatim(index.passage(first).text.slice(s.start, s.end), MAX_EXCERPT) : '';
      return { article: a.ref, passages: a.passageIds.length, excerpt: text, span: null, score: 0 };
    });
}
