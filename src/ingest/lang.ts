// Which language an article is in: franc (trigram profiles of 82 languages, the `franc-min` build)
// over its text, as an ISO 639-1 code (ISO 639-3 for a language that has none). Only fr and en are
// stemmed; any other language is kept as detected, so it is indexed unstemmed rather than as French.
import { franc } from 'franc-min';
import { iso6393To1 } from 'iso-639-3';
import type { ArticleLang } from '../core/article.js';

/** franc reads this much: more text costs time and changes no verdict on an article. */
const SAMPLE_CHARS = 4000;

/** The language of `text`; `fallback` when it is too short or too mixed to tell. */
export function detectLang(text: string, fallback: ArticleLang = 'en'): ArticleLang {
  const code = franc(text.slice(0, SAMPLE_CHARS));
  if (code === 'und') return fallback;
  return iso6393To1[code] ?? code;
}

/** The primary language of a tag such as `fr-FR`, `en_US` or `de`; null when it is not one. */
export function langFromTag(tag: string | null | undefined): ArticleLang | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : null;
}
