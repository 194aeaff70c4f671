// Platform-free wording of citations and corroborations, shared by the chat adapters.
import type { ArticleRef, Corroboration } from '../../core/types.js';
import { messages, type Messages } from './messages.js';

/** The parts of a citation line: a title (to link to `url` when known) and the details after it. */
export interface CitationParts {
  title: string;
  url: string | null;
  /** `publisher · date`, or only one of them, or '' when the article names neither. */
  details: string;
}

const SEPARATOR = ' · ';

export function citationParts(article: ArticleRef): CitationParts {
  const title = article.title.trim() || article.id;
  const details = [article.source?.trim(), article.date?.trim()].filter((s): s is string => Boolean(s)).join(SEPARATOR);
  return { title, url: safeUrl(article.url), details };
}

/** `title · publisher · date` as plain text. */
export function citationLine(article: ArticleRef): string {
  const { title, details } = citationParts(article);
  return details ? `${title}${SEPARATOR}${details}` : title;
}

/** `2 articles agree on 5 gigawatts`, or null when fewer than two articles agree. */
export function corroborationLine(corroboration: Corroboration | null, m: Messages = messages('en')): string | null {
  if (!corroboration) return null;
  const distinct = new Set(corroboration.articles.map((a) => a.id)).size;
  if (distinct < 2) return null;
  return m.agree(distinct, corroboration.figure);
}

/** The url if it is an absolute http(s) URL; anything else (javascript:, relative, garbage) is dropped. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
