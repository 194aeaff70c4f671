// An article of the corpus, as loaded from corpus/*.md.

/** The languages questions are asked in and analysed with their own stemmer. */
export type Lang = 'fr' | 'en';

/**
 * An article's language: an ISO 639-1 code (`fr`, `en`, `de`…). Articles in another language than
 * fr or en are indexed without stemming (folded words only) rather than with the wrong stemmer.
 */
export type ArticleLang = Lang | (string & {});

export interface Article {
  id: string;
  title: string;
  source: string | null;
  url: string | null;
  date: string | null;
  lang: ArticleLang;
  /** ISO timestamp of entry into the corpus. */
  added: string;
  /** The clean body: Markdown paragraphs separated by blank lines; `## ` marks a heading, `- ` a list item. */
  body: string;
}
