// Fitting text into a platform's limits without cutting a word or, where possible, a sentence.

const ELLIPSIS = '…';

/**
 * Returns `text` if it fits in `max` characters; otherwise the longest prefix that ends at a
 * sentence boundary (or, failing that, a word boundary) followed by an ellipsis.
 */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  const room = max - ELLIPSIS.length;
  const head = text.slice(0, room + 1);
  // A sentence end: . ! ? … (optionally closed by a quote or bracket) followed by white space.
  let sentenceEnd = -1;
  for (const m of head.matchAll(/[.!?…]["»”)\]]?(?=\s)/g)) {
    const end = m.index + m[0].length;
    if (end <= room) sentenceEnd = end;
  }
  if (sentenceEnd >= room * 0.5) return text.slice(0, sentenceEnd).trimEnd() + ' ' + ELLIPSIS;
  const space = head.search(/\s\S*$/);
  const cut = space > 0 ? space : room;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/** A short reference to quote in an error reply and find again in the logs. */
export function errorRef(): string {
  return Math.floor(Math.random() * 0x10000)
    .toString(16)
    .toUpperCase()
    .padStart(4, '0');
}
