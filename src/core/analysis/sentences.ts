// French-aware sentence splitting: « quotes », `71,5`, `600 000`, `M. Zuckerberg`, `vs.`.

export interface SentenceRange {
  start: number;
  end: number;
}

// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS = new Set([
  'm', 'mm', 'mme', 'mmes', 'mlle', 'dr', 'pr', 'me', 'st', 'ste', 'vs', 'cf', 'etc', 'env', 'p', 'ex', 'av', 'apr', 'j.-c',
  'mr', 'mrs', 'ms', 'prof', 'inc', 'corp', 'ltd', 'co', 'no', 'n°', 'vol', 'fig', 'approx', 'jan', 'feb', 'fév', 'févr', 'avr',
  'juil', 'sept', 'oct', 'nov', 'déc', 'dec', 'u.s', 'e.g', 'i.e',
]);

// A sentence ends at . ! ? … (closing quotes or brackets may follow), then space, then what
// starts a sentence: a capital, a digit, an opening quote or a dash.
const BOUNDARY = /([.!?…]+)(["»”’)\]]*)(\s+)(?=[\p{Lu}\d«"“—–-])|([.!?])(?=\p{Lu}\p{Ll})/gu;

export function splitSentences(text: string): SentenceRange[] {
  const ranges: SentenceRange[] = [];
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const mark = m[1] ?? m[4];
    const endOfSentence = m.index + mark.length + (m[2]?.length ?? 0);
    if (mark === '.' && isAbbreviation(text, m.index)) continue;
    if (mark === '.' && m[4] && /\d$/.test(text.slice(0, m.index)) === false && !/\p{Ll}$/u.test(text.slice(0, m.index))) continue;
    pushTrimmed(ranges, text, start, endOfSentence);
    start = m.index + m[0].length;
  }
  pushTrimmed(ranges, text, start, text.length);
  return ranges;
}

function isAbbreviation(text: string, dot: number): boolean {
  const before = /([\p{L}.°-]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot));
  if (!before) return false;
  const word = before[1].toLowerCase();
  // A single capital (`M.` before a name, an initial) or a listed abbreviation.
  return ABBREVIATIONS.has(word) || /^\p{Lu}$/u.test(before[1]);
}

function pushTrimmed(ranges: SentenceRange[], text: string, start: number, end: number): void {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) ranges.push({ start, end });
}
