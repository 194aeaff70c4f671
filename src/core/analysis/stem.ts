// French and English stemming (Snowball, via @orama/stemmers), applied to the accent-folded word:
// people type `electricite` in chat as often as `électricité`, and both must meet the same stem.
// A word of another language is folded only: no stem at all beats a French or English one.
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { fold, WORD_MEMO_LIMIT } from './normalize.js';
import { lexicon } from './lexicon.js';
import type { ArticleLang, Lang } from '../article.js';

const cache = { fr: new Map<string, string>(), en: new Map<string, string>() };
// A French verb form the stemmer would leave apart (lexicon/french-verb-forms.tsv) is stemmed as its infinitive.
const STEMMERS = { fr: (w: string) => frenchVerbForms(frenchStemmer(lexicon().frenchVerbForms.get(w) ?? w)), en: englishStemmer };

/**
 * What the Snowball French stemmer leaves apart, brought together by rule: third-person plurals
 * (`risquent` ~ `risque`, `annoncent` ~ `annonce`) and the past participles of -indre and -uire
 * verbs (`rejoint` ~ `rejoindre`, `construit` ~ `construire`).
 */
function frenchVerbForms(s: string): string {
  if (/(?:[^aeiouy]|qu|gu)ent$/.test(s) && s.length >= 8) return s.slice(0, -3);
  if (/(?:indr|int)$/.test(s) && s.length >= 6) return s.replace(/(?:indr|int)$/, 'in');
  if (/(?:uir|uit)$/.test(s) && s.length >= 6) return s.replace(/(?:uir|uit)$/, 'ui');
  return s;
}

export const hasStemmer = (lang: ArticleLang): lang is Lang => lang === 'fr' || lang === 'en';

export function stem(word: string, lang: ArticleLang): string {
  const lower = fold(word);
  if (!hasStemmer(lang)) return lower;
  const memo = cache[lang];
  let out = memo.get(lower);
  if (out === undefined) {
    out = STEMMERS[lang](lower);
    if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
    memo.set(lower, out);
  }
  return out;
}
