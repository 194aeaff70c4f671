// Same-language paraphrases read off the bilingual glossary: two French words that render one
// English word are near-synonyms (`continuer`, `poursuivre` ← continue), and so are two English
// words that one French word renders (`begin`, `start` → commencer). A question's word then also
// meets a sentence that says it another way, as a weaker match.
import type { Lang } from '../article.js';
import { wordTerm } from './analyze.js';
import { isNameTranslation, lexicon } from './lexicon.js';

/**
 * A French word rendering more English words than this is too ambiguous to pass through (`fond`:
 * fund, bottom, foundation, base…). With at most 2, 3 or 6 English words, 1,000 PIAF questions
 * (seed 1, before refitting) gave hit@1 58.0, 58.1 and 58.4 (57.6 without paraphrases); refitted
 * with eval/questions.jsonl held out, 3 instead of 6 lost 6 points of its hit@1.
 */
const MAX_MEANINGS = 6;
/**
 * A paraphrase counts less than a translation (0.8). Refitted with eval/questions.jsonl held out
 * (`npm run train -- --hold-out eval/questions.jsonl`), 0.3 / 0.45 / 0.6 gave that set hit@1
 * 72 / 72 / 74 and declined 38.5 / 46.2 / 30.8 % of its off-topic questions (53.8 without
 * paraphrases, hit@1 64); SQuAD's and PIAF's held-out parts moved by less than half a point.
 */
export const PIVOT_WEIGHT = 0.45;

let tables: Record<Lang, Map<string, string[]>> | undefined;

/** Words of `lang` that share a translation with the word whose index term is `term` (itself left out). */
export function pivotSynonyms(term: string, lang: Lang): string[] {
  tables ??= buildTables();
  return tables[lang].get(term) ?? [];
}

function buildTables(): Record<Lang, Map<string, string[]>> {
  // French index term → the single-word English keys rendered by a word of that term.
  const englishOf = new Map<string, Set<string>>();
  const frenchOf = new Map<string, string[]>();
  for (const [key, renderings] of lexicon().glossary) {
    if (key.includes(' ') || !wordTerm(key, 'en')) continue;
    // One-word, common renderings: a phrase is no synonym of a word, a name no synonym at all.
    const words = renderings.filter((r) => !/[\s'’-]/.test(r) && !isNameTranslation(r));
    frenchOf.set(key, words);
    for (const w of words) {
      const t = wordTerm(w, 'fr');
      if (t) englishOf.set(t, (englishOf.get(t) ?? new Set()).add(key));
    }
  }
  const fr = new Map<string, Set<string>>();
  const en = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, term: string, word: string) => m.set(term, (m.get(term) ?? new Set()).add(word));
  for (const [term, keys] of englishOf) {
    if (keys.size > MAX_MEANINGS) continue;
    for (const key of keys) {
      for (const w of frenchOf.get(key) ?? []) if (wordTerm(w, 'fr') !== term) add(fr, term, w);
      for (const other of keys) if (wordTerm(other, 'en') !== wordTerm(key, 'en')) add(en, wordTerm(key, 'en')!, other);
    }
  }
  const lists = (m: Map<string, Set<string>>) => new Map([...m].map(([k, v]) => [k, [...v]]));
  return { fr: lists(fr), en: lists(en) };
}
