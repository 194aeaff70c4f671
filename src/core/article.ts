// An article of the corpus, as loaded from corpus/*.md.

export type Lang = 'fr' | 'en';

export interface Article {
  id: string;
  title: string;
  source: string | null;
  url: string | null;
  date: string | null;
  lang: Lang;
  /** ISO timestamp of entry into the corpus. */
  added: string;
  /** The clean body: Markdown paragraphs separated by blank lines; `## ` marks a heading, `- ` a list item. */
  body: string;
}
