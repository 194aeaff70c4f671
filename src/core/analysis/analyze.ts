// Text → index terms: the one pipeline both articles and questions go through, so that
// `600 000` meets `600,000`, `5 GW` meets `gigawatts`, `Llama 4` meets `llama4`, `l’IA` meets `IA`.
import type { ArticleLang } from '../article.js';
import { lexicon } from './lexicon.js';
import { fold, normalizeApostrophes, WORD_MEMO_LIMIT } from './normalize.js';
import { stem } from './stem.js';
import { MULTIPLIERS, canonicalNumber, scaledValue, splitScaled, tokenize, type Token } from './tokenize.js';

/** Bump when the output of `analyze` changes: index snapshots are keyed by it. */
export const ANALYZER_VERSION = 8;

export interface Term {
  term: string;
  start: number;
  end: number;
}

// Elided articles and pronouns (`l’`, `qu’`) are structure, not vocabulary.
const ELISIONS = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu', 'presqu']);

export function isStopword(folded: string): boolean {
  const { stopwords } = lexicon();
  return ELISIONS.has(folded) || stopwords.fr.has(folded) || stopwords.en.has(folded);
}

/**
 * `né` is not `ne`: a word written with accents is a stop word only as the lists write it (`été`,
 * `à`, `même`), so that « né », « née » (born) are words while « ne » is not.
 */
function isStopwordAsWritten(word: string, folded: string): boolean {
  const lower = normalizeApostrophes(word).normalize('NFC').toLowerCase();
  return lower === folded ? isStopword(folded) : lexicon().stopwordsAsWritten.has(lower) || ELISIONS.has(folded);
}

// Both are pure functions of their arguments (the lexicon is loaded once): remembered per language.
const wordTerms = new Map<ArticleLang, Map<string, string | null>>();
const tokenTermsMemo = new Map<ArticleLang, Map<string, string[]>>();
function memoOf<V>(memos: Map<ArticleLang, Map<string, V>>, lang: ArticleLang): Map<string, V> {
  let memo = memos.get(lang);
  if (!memo) memos.set(lang, (memo = new Map()));
  return memo;
}

/** The index term of one word, or null for a stop word. */
export function wordTerm(word: string, lang: ArticleLang): string | null {
  const memo = memoOf(wordTerms, lang);
  let out = memo.get(word);
  if (out === undefined) {
    out = wordTermUncached(word, lang);
    if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
    memo.set(word, out);
  }
  return out;
}

function wordTermUncached(word: string, lang: ArticleLang): string | null {
  const { numbers, units } = lexicon();
  const folded = fold(normalizeApostrophes(word));
  const unit = units.get(folded);
  if (unit) return unit;
  const number = numbers.get(folded);
  if (number) return number;
  if (isStopwordAsWritten(word, folded)) return null;
  const split = /^([\p{L}\p{M}]+?)(\d+)$/u.exec(folded);
  if (split) return folded; // `llama4`, `h100`: a name, kept whole
  return stem(word, lang);
}

/** The terms of a token; words ending in digits also give their parts (`llama4` → llama, 4). Shared: do not mutate. */
function tokenTerms(token: Token, lang: ArticleLang): readonly string[] {
  const memo = memoOf(tokenTermsMemo, lang);
  const key = token.kind === 'word' ? token.text : `${token.kind}\u0000${token.text}`;
  let out = memo.get(key);
  if (out === undefined) {
    out = tokenTermsUncached(token, lang);
    if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
    memo.set(key, out);
  }
  return out;
}

function tokenTermsUncached(token: Token, lang: ArticleLang): string[] {
  if (token.kind === 'number') {
    // `1.3M` also gives `1.3` and `million`, as `1,3 million` does (which also gives `1300000`).
    const scaled = splitScaled(token.text);
    const word = scaled && Object.keys(MULTIPLIERS).find((w) => MULTIPLIERS[w] === scaled.multiplier && w.length > 2);
    return scaled ? [canonicalNumber(token.text), scaled.mantissa, ...(word ? [stem(word, lang)] : [])] : [canonicalNumber(token.text)];
  }
  if (token.kind === 'symbol') {
    const unit = lexicon().units.get(token.text);
    return unit ? [unit] : [];
  }
  const term = wordTerm(token.text, lang);
  if (term === null) return [];
  const split = /^([\p{L}\p{M}]{3,})(\d+)$/u.exec(term);
  if (split) return [term, stem(split[1], lang), split[2]];
  // A capitalised word may be a name, which stemming would mangle (`OpenAI` → `open`): keep both.
  const whole = fold(normalizeApostrophes(token.text));
  const isName = /^\p{Lu}/u.test(token.text) && !lexicon().units.has(whole) && !lexicon().numbers.has(whole);
  return isName && whole !== term ? [term, whole] : [term];
}

/**
 * Positions of the tokens that stand inside a fixed expression of lexicon/french-fixed-expressions.txt
 * (`au cours de`, `en train de`): words that do not carry their own sense there, left out like
 * stop words by the index and by questions alike.
 */
export function fixedExpressionTokens(tokens: readonly Token[]): Set<number> {
  const inside = new Set<number>();
  const { fixedExpressions } = lexicon();
  // A word token is letters and digits only (apostrophes and hyphens split tokens): folding it is enough.
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'word') continue;
    const candidates = fixedExpressions.get(fold(tokens[i].text));
    const words = candidates?.find((e) => e.every((w, k) => tokens[i + k]?.kind === 'word' && fold(tokens[i + k].text) === w));
    if (!words) continue;
    for (let k = 0; k < words.length; k++) inside.add(i + k);
    i += words.length - 1;
  }
  return inside;
}

/** `Llama 4`, `Grok 4`: a capitalised word followed by a small number is also one name. */
function nameNumber(word: Token, next: Token | undefined, text: string): string | null {
  if (!next || word.kind !== 'word' || next.kind !== 'number') return null;
  if (!/^\p{Lu}/u.test(word.text) || !/^\d{1,2}$/.test(next.text)) return null;
  if (!/^[ \u00a0]$/.test(text.slice(word.end, next.start))) return null;
  if (/^\d/.test(word.text.slice(-1))) return null;
  return fold(word.text) + next.text;
}

export function analyze(text: string, lang: ArticleLang): Term[] {
  const tokens = tokenize(text);
  const idiom = fixedExpressionTokens(tokens);
  const out: Term[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (idiom.has(i)) continue;
    const token = tokens[i];
    for (const term of tokenTerms(token, lang)) out.push({ term, start: token.start, end: token.end });
    const name = nameNumber(token, tokens[i + 1], text);
    if (name) out.push({ term: name, start: token.start, end: tokens[i + 1].end });
    const next = tokens[i + 1];
    if (token.kind === 'number' && next?.kind === 'word' && /^[ \u00a0\u202f]$/.test(text.slice(token.end, next.start))) {
      const multiplier = MULTIPLIERS[fold(next.text)];
      if (multiplier) out.push({ term: scaledValue(token.text, multiplier), start: token.start, end: next.end });
    }
  }
  return out;
}

/** Just the terms, for the index. */
export function terms(text: string, lang: ArticleLang): string[] {
  return analyze(text, lang).map((t) => t.term);
}
