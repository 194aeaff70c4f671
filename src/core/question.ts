// A question or topic → what to look for: its kind, its language, and groups of equivalent
// terms (the word as asked, its stems in both languages, glossary translations, typo fixes).
import type { Lang } from './article.js';
import type { QuestionKind } from './types.js';
import type { SearchIndex } from './search-index.js';
import { fixedExpressionTokens, isStopword, wordTerm } from './analysis/analyze.js';
import { isGlossaryWord, isNameTranslation, lexicon } from './analysis/lexicon.js';
import { fold, normalizeApostrophes, sanitize } from './analysis/normalize.js';
import { canonicalNumber, tokenize, type Token } from './analysis/tokenize.js';
import { closeTerms } from './typos.js';
import { stem } from './analysis/stem.js';
import { PIVOT_WEIGHT, pivotSynonyms } from './analysis/pivots.js';

export interface Variant {
  /** The index term; for a multi-word rendering, its terms joined by `+`. */
  term: string;
  /** How much a match on this form counts, 0..1: the word as asked counts most. */
  weight: number;
  /** A multi-word rendering (`l'an dernier`, `centre de données`) matches in full only with all its terms. */
  all?: string[];
  /**
   * Each term's share of the rendering's weight (by idf, summing to 1): a rendering met in part
   * counts as much as the words it meets say (`puces` for `puces graphiques`, not `année` for
   * `l'année dernière`).
   */
  shares?: number[];
}

/** The index terms a variant stands for. */
export const termsOfVariant = (v: Variant): string[] => v.all ?? [v.term];

export interface TermGroup {
  /** The words as the user wrote them. */
  label: string;
  variants: Variant[];
  /** A name (Hyperion, Llama 4): the question is about it, so it must be in the articles. */
  isName: boolean;
  /** Importance: best weighted idf among variants found in the index (high when none is). */
  weight: number;
  /** True when at least one variant is in the index. */
  known: boolean;
  /** The word only names the kind of fact asked for ("what *size*", « combien *coûte* »): a fact of that kind meets it. */
  namesKind?: boolean;
}

export interface ParsedQuery {
  text: string;
  lang: Lang;
  kind: QuestionKind;
  groups: TermGroup[];
  /** The group naming what is asked ("what *salary*", "quel est le *salaire*"), if any. */
  focus: TermGroup | null;
  /** The thing asked for is a word the corpus never uses ("what is the *boiling* point"). */
  focusUnknown: boolean;
}

// Question words are not search terms, but they say what kind of answer is wanted.
const QUESTION_WORDS = new Set(
  'what which who whom whose when where why how much many quel quelle quels quelles qui quoi que quand ou combien comment pourquoi lequel laquelle lesquels lesquelles est-ce'
    .split(' '),
);
const HOW_ADJECTIVES = new Set('big large huge tall high long far old often powerful strong fast expensive early late soon'.split(' '));
// `où` folds to `ou` (or); it is a question word only with its accent.
export const isQuestionWord = (raw: string, folded: string) => (folded === 'ou' ? raw.toLowerCase() === 'où' : QUESTION_WORDS.has(folded));

export function detectLanguage(text: string): Lang {
  const { stopwords } = lexicon();
  let fr = /[àâçéèêëîïôûùüÿœ]/i.test(text) ? 2 : 0;
  let en = 0;
  for (const t of tokenize(normalizeApostrophes(text.toLowerCase()))) {
    const f = fold(t.text);
    if (stopwords.fr.has(f) && !stopwords.en.has(f)) fr++;
    if (stopwords.en.has(f) && !stopwords.fr.has(f)) en++;
    if (/^(quel|quelle|quels|quelles|combien|quand|pourquoi|comment|qui|est-ce)$/.test(f)) fr++;
    if (/^(what|which|who|when|where|why|how)$/.test(f)) en++;
  }
  return fr > en ? 'fr' : 'en';
}

export function classify(text: string, lang: Lang): QuestionKind {
  const q = normalizeApostrophes(text.toLowerCase());
  for (const rule of lexicon().questionTypes) if (rule.lang === lang && rule.pattern.test(q)) return rule.kind as QuestionKind;
  // A question in the other language, or a mixed one.
  for (const rule of lexicon().questionTypes) if (rule.pattern.test(q)) return rule.kind as QuestionKind;
  return 'other';
}

const other = (lang: Lang): Lang => (lang === 'fr' ? 'en' : 'fr');

let stemmedGlossary: Map<string, string[]> | undefined;
/** The glossary keyed by English stems too, so `employees`, `hired`, `data centers` find their entries. */
function glossaryByStem(): Map<string, string[]> {
  if (stemmedGlossary) return stemmedGlossary;
  stemmedGlossary = new Map();
  for (const [en, frs] of lexicon().glossary) {
    const key = en.split(' ').map((w) => stem(w, 'en')).join(' ');
    stemmedGlossary.set(key, [...(stemmedGlossary.get(key) ?? []), ...frs]);
  }
  return stemmedGlossary;
}

/** The longest glossary phrase starting at token i (up to 4 words), with its renderings. */
function glossaryPhrase(words: Token[], i: number): { length: number; renderings: string[] } | null {
  const { glossary } = lexicon();
  for (let n = Math.min(4, words.length - i); n >= 1; n--) {
    const slice = words.slice(i, i + n);
    if (slice.some((w) => w.kind !== 'word')) continue;
    const folded = slice.map((w) => fold(w.text));
    // `died` → `die`: a past in -d whose stem (`di`) is not its verb's (`die`).
    const base = folded.at(-1)!.endsWith('ed') ? [...folded.slice(0, -1), folded.at(-1)!.slice(0, -1)].join(' ') : null;
    const renderings =
      glossary.get(folded.join(' ')) ?? glossaryByStem().get(slice.map((w) => stem(w.text, 'en')).join(' ')) ?? (base === null ? undefined : glossary.get(base));
    if (renderings) return { length: n, renderings };
    // `quickly` → `quick`, `easily` → `easy`, `probably` → `probable`, `fully` → `full`: an adverb in -ly means what its
    // adjective does, and the French adverb shares the adjective's stem (`rapidement`, `rapide`).
    const adverb = n === 1 && /^\p{L}{3,}ly$/u.test(folded[0]) ? folded[0] : null;
    if (adverb) {
      const adjective = [adverb.slice(0, -2), adverb.replace(/ily$/, 'y'), adverb.replace(/ly$/, 'le'), adverb.replace(/lly$/, 'll')].find((a) => glossary.has(a));
      if (adjective) return { length: 1, renderings: glossary.get(adjective)! };
    }
  }
  return null;
}

let reverse: Map<string, string[]> | undefined;
/** French word (folded) → English glossary keys, for French questions over English articles. */
function reverseGlossary(): Map<string, string[]> {
  if (reverse) return reverse;
  reverse = new Map();
  for (const [en, frs] of lexicon().glossary)
    for (const fr of frs) {
      const k = fold(fr);
      reverse.set(k, [...(reverse.get(k) ?? []), en]);
    }
  return reverse;
}

/** A noun of the lexicon's lists looked up as asked, then in the singular (`professions`, `sizes`). */
const asAskedOrSingular = (word: string): [string, string] => [fold(word), fold(word).replace(/s$/, '')];
/**
 * A word that only names the kind of fact asked (`size`, « taille », « coût »), singular or plural:
 * one of kind-nouns.txt's words for any kind, or of its words for this question's kind (« se
 * trouve » restates "where", not "who").
 */
const restatesKind = (word: string, kind: QuestionKind) =>
  asAskedOrSingular(word).some((w) => {
    const of = lexicon().kindNouns.get(w);
    return of === null || of === kind;
  });
/**
 * The words of the class a noun names, singular or plural, in both languages: `nationality` →
 * French, Italian… and, through the glossary, its French noun's français, italien… (an English
 * question over French articles meets « peintre italien »).
 */
function classOf(word: string): string[] | undefined {
  const nouns = asAskedOrSingular(word).flatMap((w) => [w, ...(lexicon().glossary.get(w) ?? []).map(fold), ...(reverseGlossary().get(w) ?? [])]);
  const members = [...new Set(nouns.flatMap((noun) => lexicon().attributeClasses.get(noun) ?? []))];
  return members.length ? members : undefined;
}

export function parseQuery(raw: string, index: SearchIndex): ParsedQuery {
  const text = sanitize(normalizeApostrophes(raw)).replace(/\s+/g, ' ').trim();
  const lang = detectLanguage(text);
  const kind = classify(text, lang);
  const tokens = tokenize(text).filter((t) => t.kind !== 'symbol' || lexicon().units.has(t.text));
  const shouted = !/\p{Ll}/u.test(text);
  const groups: TermGroup[] = [];
  // The word right after "what", "which", "how many", "quel", "combien de" names what is asked
  // (its focus: "what salary", "how many chips"): it weighs more.
  let focusNext = false;
  let focusGroup = -1;
  // « au cours de quelle année »: the index has no `cours` there, and neither has the question.
  const idiom = fixedExpressionTokens(tokens);

  for (let i = 0; i < tokens.length; i++) {
    if (idiom.has(i)) continue;
    const token = tokens[i];
    const folded = fold(token.text);
    // `@bob` in a slash command's text: someone the user addresses, not what the question is about.
    // A handle the articles never write is left out; one they quote (`@elonmusk`) stays.
    if (token.kind === 'word' && text[token.start - 1] === '@' && !index.has(folded) && !index.has(wordTerm(token.text, lang) ?? folded)) continue;
    // "how big", "how long", "how tall": the adjective says what kind of answer, it is not a topic.
    if (token.kind === 'word' && i > 0 && fold(tokens[i - 1].text) === 'how' && HOW_ADJECTIVES.has(folded)) continue;
    if (token.kind === 'word' && isQuestionWord(token.text, folded)) {
      // `combien de X` has a focus; `combien coûte…` does not (a verb follows).
      // `who`/`qui` only before a copula: "qui est le PDG" has a focus, "who founded" a verb.
      const next = fold(tokens[i + 1]?.text ?? '');
      focusNext =
        /^(what|which|many|much|quel|quelle|quels|quelles)$/.test(folded) ||
        (/^(who|qui)$/.test(folded) && /^(is|are|was|were|est|sont|etait|sera)$/.test(next)) ||
        (folded === 'combien' && /^(de|d)$/.test(next));
      continue;
    }
    // "quel est le salaire", "what is the share": the focus comes after the copula and article.
    if (focusNext && token.kind === 'word' && (/^(de|d|of)$/.test(folded) || isStopword(folded))) continue;
    if (focusNext && token.kind === 'word' && !isStopword(folded)) {
      // "what's Meta's stock price": the focus is the first ordinary word, past a possessive name.
      const possessive = tokens[i + 1]?.text === 's' && /^'$/.test(text.slice(token.end, tokens[i + 1].start));
      // (A capitalised word is a name there even when the corpus writes it otherwise: "Livy's", Tite-Live.)
      const name = possessive && (index.isProperNoun(folded) || /^\p{Lu}/u.test(token.text));
      if (!name) {
        focusNext = false;
        focusGroup = groups.length;
      }
    } else if (focusNext) focusNext = false;

    // `18th`, `1st`: an ordinal (a century, a sovereign, a rank), which French writes `XVIIIe`, `18e`,
    // `Ier`, `1er`; its suffix is not a word of its own.
    const suffix = tokens[i + 1];
    if (token.kind === 'number' && /^\d{1,2}$/.test(token.text) && suffix?.kind === 'word' && suffix.start === token.end && /^(st|nd|rd|th)$/i.test(suffix.text)) {
      const n = Number(token.text);
      const number = canonicalNumber(token.text);
      const ending = fold(suffix.text);
      // English text has it as written, number and suffix; the number alone is more often a count.
      const forms: Variant[] = [{ term: `${number}+${ending}`, weight: 1, all: [number, ending] }, { term: number, weight: 0.9 }];
      for (const written of [`${roman(n)}${n === 1 ? 'er' : 'e'}`, `${n}${n === 1 ? 'er' : 'e'}`]) {
        const term = wordTerm(written, 'fr');
        if (term && !forms.some((f) => f.term === term)) forms.push({ term, weight: 1 });
      }
      groups.push(group(token.text + suffix.text, forms, false, index));
      i++;
      continue;
    }

    // `Llama 4` / `llama4`: one name. A version the articles never mention (`Llama 5`, when they
    // speak of Llama 3 and 4) is an unknown name, not Llama plus a number.
    const next = tokens[i + 1];
    if (token.kind === 'word' && next?.kind === 'number' && /^\d{1,2}$/.test(next.text) && text.slice(token.end, next.start) === ' '
        && !isStopword(folded) && (index.df.has(folded + next.text) || index.isVersioned(folded))) {
      groups.push(group(`${token.text} ${next.text}`, [{ term: folded + next.text, weight: 1 }], true, index));
      i++;
      continue;
    }
    const versioned = /^(\p{L}{3,})(\d{1,2})$/u.exec(folded);
    if (versioned && !index.df.has(folded) && index.isVersioned(versioned[1])) {
      groups.push(group(token.text, [{ term: folded, weight: 1 }], true, index));
      continue;
    }

    // The English→French glossary is for English questions (French `pays` is not English `pay`);
    // in a French one, only an English loanword the articles do not use (`GPU`) is looked up, as written.
    const phrase =
      token.kind !== 'word'
        ? null
        : lang === 'en'
          ? glossaryPhrase(tokens, i)
          : !index.has(wordTerm(token.text, 'fr') ?? '') && lexicon().glossary.has(folded)
            ? { length: 1, renderings: lexicon().glossary.get(folded)! }
            : null;
    if (phrase && phrase.length > 1) {
      const label = text.slice(token.start, tokens[i + phrase.length - 1].end);
      const variants: Variant[] = [];
      // A name put in English (`Native Americans`) may be rendered by a French name (`Amérindiens`).
      const named = i > 0 && /^\p{Lu}/u.test(token.text);
      for (const r of phrase.renderings) addRendering(variants, r, 'fr', 0.85, named ? null : index);
      // The phrase as asked, for English text (`the United States`, `the Wealth of Nations`).
      addRendering(variants, label, lang, 1, null);
      groups.push(group(label, variants, false, index, []));
      i += phrase.length - 1;
      continue;
    }

    const variants: Variant[] = [];
    let written: Variant[] | undefined;
    // An acronym (`EPR`, `PDG`); one the glossary knows (`PDG`, `AI`) is a common word in capitals.
    const inCapitals = /^\p{Lu}{2,5}s?$/u.test(token.text);
    const commonWordInCapitals = inCapitals && isGlossaryWord(token.text);
    if (token.kind === 'number') variants.push({ term: canonicalNumber(token.text), weight: 1 });
    else if (token.kind === 'symbol') variants.push({ term: lexicon().units.get(token.text)!, weight: 1 });
    else {
      const own = wordTerm(token.text, lang);
      if (own === null) continue; // a stop word
      // A name the corpus writes with a capital (`Scale`, `Hyperion`) is matched as a name only;
      // an acronym that is also a word (`AI`, `CEO`) keeps its translations.
      const acronym = inCapitals && phrase;
      const capital = /^\p{Lu}/u.test(token.text);
      // (An acronym the glossary does not know, `EPR`, is a name.)
      if (index.isProperNoun(folded) && !commonWordInCapitals && (capital ? !acronym : !phrase && !lexicon().glossary.has(folded))) {
        // A name is matched as written first; its stem meets the other forms the text may use
        // (`ougandais` / `ougandaise`, `Beyoncé's`), as a weaker match.
        const forms: Variant[] = [{ term: folded, weight: 1 }];
        if (own !== folded && !/\d/.test(own)) forms.push({ term: own, weight: 0.8 });
        written = [...forms];
        // A capitalised English word of the glossary that the corpus knows from names (`Island` of
        // Robben Island, `China` of Renmin University of China) still means its translation:
        // "Hans Island" is « l'île Hans », "Republic" « république » — unless the question's name is
        // one the corpus writes as asked (`Scale AI`). It stays one name group; a translation may
        // itself be a name (`Chine`), so none is refused.
        if (capital && phrase) {
          const run = capitalisedRun(tokens, i, text);
          if (!(run.includes(' ') && index.writesName(run))) for (const r of phrase.renderings) addRendering(forms, r, 'fr', 0.8, null);
        }
        groups.push(group(token.text, forms, true, index, written));
        continue;
      }
      const capitalisedInside = i > 0 && /^\p{Lu}/u.test(token.text);
      // A name is matched as written; stems are for ordinary words (`Meta` must not become `met`).
      if (capitalisedInside) variants.push({ term: folded, weight: 1 });
      variants.push({ term: own, weight: capitalisedInside ? 0.9 : 1 });
      const theirs = wordTerm(token.text, other(lang));
      if (theirs && theirs !== own && !capitalisedInside) variants.push({ term: theirs, weight: 0.9 });
      if (!/\d/.test(own) && !capitalisedInside) variants.push({ term: folded, weight: 0.9 });
      written = [...variants];
      // `Syria` → `Syrie`: a name's own French form is a name too.
      for (const r of phrase?.renderings ?? []) addRendering(variants, r, 'fr', 0.8, capitalisedInside ? null : index);
      if (lang === 'en' && !phrase) for (const fr of cognates(folded)) addRendering(variants, fr, 'fr', 0.75, index);
      // An acronym the corpus and the glossary do not know may be one it writes in another order.
      if (inCapitals && !commonWordInCapitals && !index.has(folded))
        for (const a of acronymAnagrams(fold(token.text.replace(/s$/, '')), index, lang)) variants.push({ term: a, weight: 0.8 });
      // A French word's English renderings, for English articles. Not for an English word that is
      // also a French one: "court" is not « court » (short), "main" not « main » (hand).
      if (lang === 'fr') for (const en of reverseGlossary().get(folded) ?? []) addRendering(variants, en, 'en', 0.8, index);
      // `continuer` also meets `poursuivre`, `begin` meets `start`. A name has no paraphrases, and a
      // word that only names the kind of answer (« taille ») is met by the kind, not by its neighbours.
      if (!capitalisedInside && !restatesKind(token.text, kind))
        for (const w of pivotSynonyms(own, lang)) addRendering(variants, w, lang, PIVOT_WEIGHT, index);
    }
    // An acronym the glossary does not know (`EPR`, `NFL`) is a name wherever it stands, unless the
    // whole question is written in capitals.
    const capitalised = inCapitals ? !commonWordInCapitals && !shouted : /^\p{Lu}/u.test(token.text) && (i > 0 || !phrase);
    const isName =
      token.kind === 'word' &&
      !commonWordInCapitals &&
      // A lower-case word is a name when the corpus writes that very word as one (`hyperion`), not
      // when one of its translations is (`taille` → `scale`, as in Scale AI).
      (capitalised || /\d/.test(token.text) || (!phrase && index.isProperNoun(folded)));
    groups.push(group(token.text, variants, isName, index, written));
  }
  // "what nationality", « quelle couleur »: a word of that class answers (`French`, `rouge`).
  const asked = groups[focusGroup];
  const members = asked && !asked.isName ? classOf(asked.label) : undefined;
  if (asked && members) {
    const variants = [...asked.variants];
    for (const word of members) for (const l of ['fr', 'en'] as const) addRendering(variants, word, l, 0.85, null);
    groups[focusGroup] = group(asked.label, variants, false, index, []);
  }
  // « quelle est la taille d'Hyperion », "where is Prometheus located": a word that only names the
  // kind of answer, and that the corpus never uses, says nothing the question's kind does not: it
  // is not a search term.
  const focusKept = groups[focusGroup];
  for (let k = groups.length - 1; k >= 0; k--) if (!groups[k].isName && !groups[k].known && restatesKind(groups[k].label, kind)) groups.splice(k, 1);
  focusGroup = focusKept ? groups.indexOf(focusKept) : -1;
  const focused = groups[focusGroup]?.isName === false ? groups[focusGroup] : undefined;
  const focus = focused?.known ? focused : null;
  if (focus) focus.weight *= 1.4;
  for (const g of groups) if (kind !== 'other' && kind !== 'comparison' && !g.isName && restatesKind(g.label, kind)) g.namesKind = true;
  return { text, lang, kind, groups: mergeDuplicates(groups), focus, focusUnknown: Boolean(focused && !focused.known) };
}

/**
 * The capitalised words in a row around token i, as written (`Scale AI`, `Saint-Paul Island`),
 * without a question word or stop word that opens the question (`Which French` → `French`).
 */
function capitalisedRun(tokens: Token[], i: number, text: string): string {
  const capitalisedWord = (t: Token | undefined) =>
    t?.kind === 'word' && /^\p{Lu}/u.test(t.text) && !isQuestionWord(t.text, fold(t.text)) && !isStopword(fold(t.text));
  const joined = (a: Token, b: Token) => /^[ -]$/.test(text.slice(a.end, b.start));
  let first = i;
  let last = i;
  while (capitalisedWord(tokens[first - 1]) && joined(tokens[first - 1], tokens[first])) first--;
  while (capitalisedWord(tokens[last + 1]) && joined(tokens[last], tokens[last + 1])) last++;
  return text.slice(tokens[first].start, tokens[last].end);
}

/** 1..99 in Roman numerals (`18` → `XVIII`), as French writes centuries and sovereigns. */
function roman(n: number): string {
  const tens = ['', 'X', 'XX', 'XXX', 'XL', 'L', 'LX', 'LXX', 'LXXX', 'XC'];
  const units = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];
  return tens[Math.floor(n / 10)] + units[n % 10];
}

/** French forms of an English word by regular endings (`university` → `universite`), the glossary's fallback. */
export function cognates(folded: string): string[] {
  const out: string[] = [];
  for (const [en, frs] of lexicon().cognates) {
    if (folded.length < en.length + 3 || !folded.endsWith(en)) continue;
    for (const fr of frs) out.push(folded.slice(0, -en.length) + fr);
    break;
  }
  return out;
}

/**
 * The acronyms of the other language's articles written with the letters of an unknown one: each
 * language orders an acronym's words its own way (GMO / OGM, OSAS / SAOS, NATO / OTAN). In the same
 * language, or in lower case, the same letters are another name (ECB / BCE, UCL / Luc).
 */
export function acronymAnagrams(letters: string, index: SearchIndex, lang: Lang): string[] {
  const found = new Set<string>();
  const writtenInCapitals = (term: string) => {
    const capitals = new RegExp(`(?<![\\p{L}\\p{N}])${term.toUpperCase()}(?![\\p{L}\\p{N}])`, 'u');
    return index.search([term], () => 1, 5).some((hit) => index.articleOf(hit.id).lang !== lang && capitals.test(index.passageText(hit.id)));
  };
  const arrange = (rest: string, start: string): void => {
    if (!rest) {
      if (start !== letters && index.isProperNoun(start) && writtenInCapitals(start)) found.add(start);
      return;
    }
    // Each distinct letter once at each place: no arrangement twice.
    for (let i = 0; i < rest.length; i++) if (rest.indexOf(rest[i]) === i) arrange(rest.slice(0, i) + rest.slice(i + 1), start + rest[i]);
  };
  // (Two letters swapped are too often another acronym: TV, VT.)
  if (/^\p{Ll}{3,5}$/u.test(letters)) arrange(letters, '');
  return [...found];
}

/**
 * Adds a translation of a question's word as a variant. `refuseNamesOf`: the index whose names a
 * rendering may not stand for (see below), or null where names are meant: the word is itself a
 * name (`Syria` → `Syrie`), the rendering is the phrase as asked, or a word of a class (`Italian`).
 */
function addRendering(variants: Variant[], rendering: string, lang: Lang, weight: number, refuseNamesOf: SearchIndex | null): void {
  // Read as the index reads text: the words of a fixed expression (`par la suite` for `later`) are not there.
  const tokens = tokenize(rendering);
  const idiom = fixedExpressionTokens(tokens);
  const words = tokens.filter((t, i) => t.kind === 'word' && !idiom.has(i));
  // A translation is an ordinary word: it does not stand for a name the corpus has (`taille` →
  // `scale` must not meet Scale AI). A short acronym of the glossary (`ia`, `pdg`) is one even
  // though the corpus always writes it in capitals; a name translating a name (`Hungary` →
  // `Hongrie`) is meant to meet it.
  const acronym = (w: string) => w.length <= 3 && isGlossaryWord(w);
  if (refuseNamesOf && !isNameTranslation(rendering) && words.some((w) => refuseNamesOf.isProperNoun(fold(w.text)) && !acronym(w.text))) return;
  const content = [...new Set(words.map((w) => wordTerm(w.text, lang)).filter((t): t is string => t !== null))];
  if (!content.length) return;
  // A whole phrase met is more telling than one word (which a stem may confuse: `ventes`/`vent`).
  const variant: Variant =
    content.length === 1 ? { term: content[0], weight } : { term: content.join('+'), weight: Math.min(0.9, weight * 1.1), all: content };
  if (!variants.some((v) => v.term === variant.term)) variants.push(variant);
}

/**
 * A group of forms that stand for one word of the question. `written` are the ones a typo fix may
 * start from: the word as the user wrote it (a word typed without its accents may still stem apart
 * from the text's: `licencie` → `licenc`, « licencié » → `licenci`). Not a translation, which is
 * spelled right (an edit away it is another word: « emplacement » → « remplacement »), nor a
 * paraphrase, a second hop away (`stock` → `grant` → `grand`).
 */
function group(label: string, candidates: Variant[], isName: boolean, index: SearchIndex, written: Variant[] = candidates): TermGroup {
  const best = new Map<string, Variant>();
  for (const v of candidates) if ((best.get(v.term)?.weight ?? -1) < v.weight) best.set(v.term, v);
  let variants = [...best.values()];
  // A multi-word rendering is usable when its head noun is in the index (it then matches partly).
  const inIndex = (v: Variant) => index.has(termsOfVariant(v)[0]);
  const dfOf = (v: Variant) => Math.min(...termsOfVariant(v).map((t) => index.df.get(t) ?? 0));
  let known = variants.some(inIndex);
  if (!known && !/\d/.test(label)) {
    // A typo? Take the closest terms of the index. (Not for versions: Llama 5 is not Llama 4.)
    const fixes = written.flatMap((v) => closeTerms(v.term, index).map((term) => ({ term, weight: v.weight * 0.75 })));
    if (fixes.length) {
      variants = [...variants, ...fixes];
      known = true;
      isName ||= fixes.some((f) => index.isProperNoun(f.term));
    }
  }
  for (const v of variants)
    if (v.all) {
      const idf = v.all.map((t) => index.idf(t));
      const sum = idf.reduce((a, b) => a + b, 0) || 1;
      v.shares = idf.map((x) => x / sum);
    }
  const present = variants.filter(inIndex);
  // The group is a disjunction: it is as common as its most common strong form.
  const strong = present.filter((v) => v.weight >= 0.75);
  const weight = present.length
    ? Math.max(...present.map((v) => v.weight)) * index.idfOfCount(Math.max(0, ...(strong.length ? strong : present).map(dfOf)))
    : // An unknown name is as rare as can be; an unknown word (slang, a word the glossary lacks)
      // counts like a rare one, so that it lowers coverage without vetoing the question alone.
      index.idfOfCount(isName ? 0 : 2);
  return { label, variants: present.length ? present : variants, isName, weight: weight * (isName ? 1.5 : 1), known };
}

/** `hire` and `recruit` may both translate to `recruter`: one group per meaning, not two. */
function mergeDuplicates(groups: TermGroup[]): TermGroup[] {
  const out: TermGroup[] = [];
  for (const g of groups) {
    const twin = out.find((o) => o.variants[0]?.term === g.variants[0]?.term);
    if (twin) twin.weight = Math.max(twin.weight, g.weight);
    else out.push(g);
  }
  return out;
}
