// Character-level normalisation shared by indexing and querying.

const folded = new Map<string, string>();

/**
 * How many forms of words each memo of the analysis keeps (folded forms here, stems, terms of a
 * word): when full it starts again. A memo pays for the words that come back — a question's and its
 * passages' words, a corpus's common vocabulary while it is indexed — and those fit in far fewer:
 * at 200,000 each, a serving process at 100,000 articles held 10–16 MB more heap after 1,000
 * questions and 200 topics (rare words, every name of the topic list once), for no answer
 * measurably faster (docs/performance.md).
 */
export const WORD_MEMO_LIMIT = 20_000;

/** Lower case, accents removed, ligatures expanded: the form terms are compared in. */
export function fold(s: string): string {
  // Words come back again and again (indexing, questions): remember the short ones.
  if (s.length > 40) return foldUncached(s);
  let out = folded.get(s);
  if (out === undefined) {
    out = foldUncached(s);
    if (folded.size >= WORD_MEMO_LIMIT) folded.clear();
    folded.set(s, out);
  }
  return out;
}

function foldUncached(s: string): string {
  return expandLigatures(s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
}

/** `œ`, `æ`, `ß` written out (`oe`, `ae`, `ss`), as folding does; accents are kept. */
export function expandLigatures(s: string): string {
  return s.replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
}

/** Every apostrophe-like character becomes `'`. */
export function normalizeApostrophes(s: string): string {
  return s.replace(/[\u2018\u2019\u02bc\u0060\u00b4\u2032]/g, "'");
}

/** Removes characters that can break a terminal or a chat message: controls and lone surrogates. */
export function sanitize(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ');
}
