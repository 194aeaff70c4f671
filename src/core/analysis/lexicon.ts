// Loads the word lists in lexicon/ (data files, so they can grow without touching code).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { fold, normalizeApostrophes } from './normalize.js';

const lexiconDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../lexicon');

function lines(file: string): string[] {
  return readFileSync(path.join(lexiconDir, file), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

/** `key<TAB>a|b|c` lines as a map from folded key to its values (kept as written); several files merge. */
function table(...files: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of files.flatMap(lines)) {
    const [key, values = ''] = line.split('\t');
    const k = fold(normalizeApostrophes(key.trim()));
    const vs = values.split('|').map((v) => normalizeApostrophes(v.trim())).filter(Boolean);
    if (!k || vs.length === 0) continue;
    merge(map, k, vs);
  }
  return map;
}

/** Adds values to a key's, keeping the first of each. */
function merge(map: Map<string, string[]>, key: string, values: string[]): void {
  map.set(key, [...new Set([...(map.get(key) ?? []), ...values])]);
}

/** A table's folded keys and values. */
const wordsOf = (map: Map<string, string[]>): string[] => [...map].flatMap(([k, vs]) => [k, ...vs.map((w) => fold(w))]);

const foldedWord = (line: string) => fold(normalizeApostrophes(line.trim()));

/** Word sequences grouped by their first word, longest first. */
function byFirstWord(sequences: string[][]): Map<string, string[][]> {
  const map = new Map<string, string[][]>();
  for (const words of sequences.filter((w) => w.length).sort((a, b) => b.length - a.length)) {
    const list = map.get(words[0]) ?? [];
    list.push(words);
    map.set(words[0], list);
  }
  return map;
}

function wordSet(file: string): Set<string> {
  return new Set(lines(file).map(foldedWord));
}

/**
 * kind-nouns.txt: folded word → the one question kind it restates, or null for a word that restates
 * whatever kind is asked. Words under a `[kind]` line are of that kind; those before any are of all.
 * A section must name a kind question-types.tsv gives, or its words would never restate anything.
 */
function kindWords(file: string, kinds: Set<string>): Map<string, string | null> {
  const map = new Map<string, string | null>();
  let kind: string | null = null;
  for (const line of lines(file)) {
    const section = /^\[(.*)\]$/.exec(line.trim());
    if (section && !kinds.has(section[1])) throw new Error(`lexicon/${file}: [${section[1]}] is no kind of question-types.tsv (${[...kinds].join(', ')})`);
    if (section) kind = section[1];
    else map.set(foldedWord(line), kind);
  }
  return map;
}

export interface Lexicon {
  stopwords: { fr: Set<string>; en: Set<string> };
  /** The stop words of both lists as written, in lower case with their accents (`été`, `à`, `même`). */
  stopwordsAsWritten: Set<string>;
  /** Folded number word → digits (`sept` → `7`). */
  numbers: Map<string, string>;
  /** Folded surface form → canonical word (`gw` → `gigawatt`, `%` → `pourcent`). */
  units: Map<string, string>;
  /** English term or phrase (folded) → French renderings. */
  glossary: Map<string, string[]>;
  /** Question patterns, in order: first match wins. */
  questionTypes: { kind: string; lang: string; pattern: RegExp }[];
  /** Folded nouns that name people (employé, chercheur, CEO): answers to "who". */
  personNouns: Set<string>;
  /** Folded place names (countries, states, cities) that the pattern rules would miss. */
  places: Set<string>;
  /**
   * Folded names that translate each other (`hungary`, `hongrie`, `londres`, `livy`, `tite-live`): the
   * keys and renderings of the glossaries of names, and the place names.
   */
  names: Set<string>;
  /** Folded words of the glossary in either language, but for the glossaries of names (`pdg`, `ia`, `taille`). */
  glossaryWords: Set<string>;
  /** Folded words that only name a kind of answer (`share`, `montant`) → the kind, or null for any kind asked. */
  kindNouns: Map<string, string | null>;
  /** Folded ordinal words, English and French (`thirteenth`, `treizieme`), for centuries written out. */
  ordinals: string[];
  /** Folded attribute noun (`nationality`, `couleur`) → words of its class (`French`, `rouge`). */
  attributeClasses: Map<string, string[]>;
  /** English endings → French endings, longest first (`ity` → `ite`). */
  cognates: [string, string[]][];
  /** Folded French verb form → its infinitive, where the stemmer leaves them apart (`naquit` → `naître`). */
  frenchVerbForms: Map<string, string>;
  /** Endings of French words typed without accents → the accented ending (`ite` → `ité`), in the file's order. */
  frenchAccentEndings: [string, string][];
  /** French fixed expressions whose words lose their sense (`au cours de`), as folded words, by first word. */
  fixedExpressions: Map<string, string[][]>;
}

/**
 * question-types.tsv's `{mod}`: at most one word qualifying the noun after it ("which English
 * king", "what famous city"), not a verb or an article: "what is the city", "what enhances man's
 * faith" do not ask for a city or a man (a word in -ed or -s but -ous is taken for a verb).
 */
const MODIFIER = String.raw`(?:(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|should|may|might|the|a|an|of)\b)(?!\p{L}*(?:ed|[^u]s)\b)\p{L}[\p{L}-]* )?`;
// JavaScript's \b only knows ASCII letters: `\boù\b` would never match. Patterns use this instead.
const UNICODE_BOUNDARY = String.raw`(?:(?<=[\p{L}\p{N}])(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]))`;

let cached: Lexicon | undefined;

/**
 * The glossaries of names (places, peoples, languages, religions; people, historical entities and
 * works): their entries are names in both languages.
 */
const NAME_GLOSSARIES = ['glossary-places.en-fr.tsv', 'glossary-names.en-fr.tsv'];

/** glossary.en-fr.tsv, then every other glossary-*.en-fr.tsv but the glossaries of names, in name order. */
function glossaryFiles(): string[] {
  const more = readdirSync(lexiconDir).filter((f) => /^glossary-[\w-]+\.en-fr\.tsv$/.test(f) && !NAME_GLOSSARIES.includes(f)).sort();
  return ['glossary.en-fr.tsv', ...more];
}

export function lexicon(): Lexicon {
  if (cached) return cached;
  const numbers = new Map<string, string>();
  for (const [k, [v]] of table('numbers.tsv')) numbers.set(k, v);
  const units = new Map<string, string>();
  for (const [k, [v]] of table('units.tsv')) units.set(k, fold(v));
  // Each glossary file is read once: the words of the glossaries of names are names, the others' are not.
  const common = table(...glossaryFiles());
  const names = table(...NAME_GLOSSARIES.filter((f) => existsSync(path.join(lexiconDir, f))));
  // The news vocabulary first (its renderings come first), then the general one, then the names.
  const glossary = new Map(common);
  for (const [k, vs] of names) merge(glossary, k, vs);
  const places = wordSet('places.txt');
  // Each stop-word list read once: folded for the analysis, as written for `né` / `ne`.
  const stopwordLines = { fr: lines('stopwords.fr.txt'), en: lines('stopwords.en.txt') };
  const questionTypes = lines('question-types.tsv').map((line) => {
    const [kind, lang, pattern] = line.split('\t');
    return { kind, lang, pattern: new RegExp(pattern.replaceAll('{mod}', MODIFIER).replace(/\\b/g, UNICODE_BOUNDARY), 'iu') };
  });
  cached = {
    stopwords: { fr: new Set(stopwordLines.fr.map(foldedWord)), en: new Set(stopwordLines.en.map(foldedWord)) },
    stopwordsAsWritten: new Set([...stopwordLines.fr, ...stopwordLines.en].map((l) => normalizeApostrophes(l.trim()).normalize('NFC').toLowerCase())),
    numbers,
    units,
    glossary,
    questionTypes,
    personNouns: wordSet('person-nouns.txt'),
    places,
    names: new Set([...places, ...wordsOf(names)]),
    glossaryWords: new Set(wordsOf(common)),
    kindNouns: kindWords('kind-nouns.txt', new Set(questionTypes.map((t) => t.kind))),
    attributeClasses: table('attribute-classes.tsv'),
    ordinals: [...new Set([...table('ordinals.tsv').values()].flat().map((w) => fold(w)))],
    cognates: [...table('cognates.en-fr.tsv')].sort((a, b) => b[0].length - a[0].length),
    fixedExpressions: byFirstWord(lines('french-fixed-expressions.txt').map((l) => foldedWord(l).split(/[^\p{L}\p{M}\d]+/u).filter(Boolean))),
    frenchVerbForms: new Map([...table('french-verb-forms.tsv')].flatMap(([infinitive, forms]) => forms.map((f): [string, string] => [fold(f), infinitive]))),
    frenchAccentEndings: [...table('french-accent-endings.tsv')].map(([bare, [accented]]) => [bare, accented.normalize('NFC')]),
  };
  return cached;
}

/**
 * A word of the glossary, in either language (`PDG`, `IA`, `AI`, `taille`). Not a name of the glossary of
 * names (`Hongrie`, `Syria`): a place is worth offering as a topic.
 */
export function isGlossaryWord(label: string): boolean {
  return lexicon().glossaryWords.has(fold(normalizeApostrophes(label)));
}

/** A name that translates another (`Hongrie` for Hungary, `Londres` for London), not an ordinary word. */
export function isNameTranslation(rendering: string): boolean {
  return lexicon().names.has(fold(normalizeApostrophes(rendering)));
}

/**
 * A word of the glossary or a short acronym: a common word written with a capital, not a name
 * worth offering as a topic.
 */
export function isCommonWord(label: string): boolean {
  return isGlossaryWord(label) || /^\p{Lu}{2,3}$/u.test(label);
}
