// French and English stemming (Snowball, via @orama/stemmers). The French stemmer reads accents
// (« située » and « situé » share `situ`; folded, `situee` and `situe` part), so French is stemmed
// with its accents and the stem then folded; a word typed without any (people type `electricite` in
// chat as often as `électricité`) first gets back the accented ending it nearly always has.
// English is stemmed folded. A word of another language is folded only: no stem at all beats a
// French or English one.
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { expandLigatures, fold, WORD_MEMO_LIMIT } from './normalize.js';
import { lexicon } from './lexicon.js';
import type { ArticleLang, Lang } from '../article.js';

const cache = { fr: new Map<string, string>(), en: new Map<string, string>() };
const STEMMERS = { fr: stemFrench, en: (lower: string) => englishStemmer(fold(lower)) };

function stemFrench(lower: string): string {
  const folded = fold(lower);
  const { frenchVerbForms, frenchAccentEndings } = lexicon();
  // A French verb form the stemmer would leave apart (lexicon/french-verb-forms.tsv) is stemmed as its infinitive.
  const infinitive = frenchVerbForms.get(folded);
  const accented = infinitive ?? (lower === folded ? withAccentedEnding(lower, frenchAccentEndings) : expandLigatures(lower));
  return joinVerbForms(fold(frenchStemmer(accented)));
}

/** `electricite` → `electricité`: the first ending of lexicon/french-accent-endings.tsv that fits, put back. */
export function withAccentedEnding(word: string, endings: readonly (readonly [string, string])[]): string {
  for (const [bare, accented] of endings) if (word.length > bare.length + 1 && word.endsWith(bare)) return word.slice(0, -bare.length) + accented;
  return word;
}

/**
 * What the Snowball French stemmer leaves apart, brought together by rule: third-person plurals
 * (`risquent` ~ `risque`, `annoncent` ~ `annonce`) and the past participles of -indre and -uire
 * verbs (`rejoint` ~ `rejoindre`, `construit` ~ `construire`).
 */
function joinVerbForms(s: string): string {
  if (/(?:[^aeiouy]|qu|gu)ent$/.test(s) && s.length >= 8) return s.slice(0, -3);
  if (/(?:indr|int)$/.test(s) && s.length >= 6) return s.replace(/(?:indr|int)$/, 'in');
  if (/(?:uir|uit)$/.test(s) && s.length >= 6) return s.replace(/(?:uir|uit)$/, 'ui');
  return s;
}

export const hasStemmer = (lang: ArticleLang): lang is Lang => lang === 'fr' || lang === 'en';

export function stem(word: string, lang: ArticleLang): string {
  if (!hasStemmer(lang)) return fold(word);
  // Keyed by the word in lower case with its accents: they change a French stem.
  const lower = word.normalize('NFC').toLowerCase();
  const memo = cache[lang];
  let out = memo.get(lower);
  if (out === undefined) {
    out = STEMMERS[lang](lower);
    if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
    memo.set(lower, out);
  }
  return out;
}
