// French and English stemming (Snowball, via @orama/stemmers), applied to the accent-folded word:
// people type `electricite` in chat as often as `électricité`, and both must meet the same stem.
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { fold } from './normalize.js';
import type { Lang } from '../article.js';

const cache = { fr: new Map<string, string>(), en: new Map<string, string>() };

export function stem(word: string, lang: Lang): string {
  const lower = fold(word);
  const memo = cache[lang];
  let out = memo.get(lower);
  if (out === undefined) {
    out = lang === 'fr' ? frenchStemmer(lower) : englishStemmer(lower);
    if (memo.size > 200_000) memo.clear();
    memo.set(lower, out);
  }
  return out;
}
