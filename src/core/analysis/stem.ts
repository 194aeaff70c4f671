// French and English stemming (Snowball, via @orama/stemmers), applied to the accent-folded word:
// people type `electricite` in chat as often as `électricité`, and both must meet the same stem.
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { fold } from './normalize.js';
import type { Lang } from '../article.js';

const cache = { fr: new Map<string, string>(), en: new Map<string, string>() };

/**
 * What the Snowball French stemmer leaves apart, brought together: third-person plurals
 * (`risquent` ~ `risque`, `annoncent` ~ `annonce`) and the past participles of -indre and -uire
 * verbs (`rejoint` ~ `rejoindre`, `construit` ~ `construire`).
 */
function frenchVerbForms(s: string): string {
  if (/(?:[^aeiouy]|qu|gu)ent$/.test(s) && s.length >= 8) return s.slice(0, -3);
  if (/(?:indr|int)$/.test(s) && s.length >= 6) return s.replace(/(?:indr|int)$/, 'in');
  if (/(?:uir|uit)$/.test(s) && s.length >= 6) return s.replace(/(?:uir|uit)$/, 'ui');
  return s;
}

export function stem(word: string, lang: Lang): string {
  const lower = fold(word);
  const memo = cache[lang];
  let out = memo.get(lower);
  if (out === undefined) {
    out = lang === 'fr' ? frenchVerbForms(frenchStemmer(lower)) : englishStemmer(lower);
    if (memo.size > 200_000) memo.clear();
    memo.set(lower, out);
  }
  return out;
}
