// Cuts an article body into passages (paragraphs and list items, each under its section heading)
// and a passage into sentences. Offsets are into the passage text, which is verbatim article text.
import type { Article } from './article.js';
import { splitSentences, type SentenceRange } from './analysis/sentences.js';

export interface Passage {
  articleId: string;
  /** Position of the passage in its article, from 0. */
  position: number;
  text: string;
  /** The section heading above the passage, if any. */
  heading: string | null;
}

export function cutPassages(article: Article): Passage[] {
  const passages: Passage[] = [];
  let heading: string | null = null;
  for (const block of article.body.split(/\n[ \t]*\n/)) {
    const text = block.trim();
    if (!text) continue;
    const h = /^#{1,6}\s+(.*)$/s.exec(text);
    if (h) {
      heading = h[1].trim();
      continue;
    }
    // A run of list items is one item a passage; continuation lines join their item.
    const items = text.split(/\n(?=[-*•]\s)/).map((t) => t.replace(/^[-*•]\s+/, '').replace(/\s*\n\s*/g, ' ').trim());
    for (const item of items) if (item) passages.push({ articleId: article.id, position: passages.length, text: item, heading });
  }
  return passages;
}

export function sentencesOf(passage: Passage): SentenceRange[] {
  return splitSentences(passage.text);
}
