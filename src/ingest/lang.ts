// Which language a text is in, fr or en, by counting common function words.
import type { Lang } from '../core/article.js';

const FR = new Set(
  'le la les un une des du de et est sont dans pour par sur avec au aux ce cette ces qui que qu il elle ils elles nous vous pas plus ne se sa son ses leur leurs mais ou où être été a ont fait comme aussi entre selon après avant depuis très'.split(' '),
);
const EN = new Set(
  'the a an and is are was were in for by on with to of that this these those which who it its they we you not more but or be been has have had as also between after before since very from at will would'.split(' '),
);

/** `fr` or `en`, whichever has more stopwords; `fallback` when neither shows (e.g. an empty text). */
export function detectLang(text: string, fallback: Lang = 'en'): Lang {
  let fr = 0;
  let en = 0;
  for (const word of text.toLowerCase().split(/[^a-zà-ÿœæ]+/u)) {
    if (!word) continue;
    if (FR.has(word)) fr++;
    if (EN.has(word)) en++;
  }
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}

/** `fr`/`en` from a language tag such as `fr-FR` or `en_US`; null for anything else. */
export function langFromTag(tag: string | null | undefined): Lang | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'fr' || primary === 'en' ? primary : null;
}
