// Finds the facts a sentence carries (money, quantities with units, counts, percentages, dates,
// places, people), with their offsets: what an answer span can mark, and what "2 articles agree" compares.
import type { QuestionKind } from '../types.js';
import { lexicon } from './lexicon.js';
import { canonicalNumber } from './tokenize.js';
import { isStopword } from './analyze.js';
import { fold } from './normalize.js';

export type EntityKind = Exclude<QuestionKind, 'comparison' | 'other'>;

export interface Entity {
  kind: EntityKind;
  start: number;
  end: number;
  /** For figures: a comparable key (`5|gigawatt`, `65|milliard|dollar`), else null. */
  key: string | null;
}

/** Lower case and accents removed, one UTF-16 unit for one, so offsets stay valid. */
export function foldKeepingOffsets(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch.length !== 1) {
      out += ch;
      continue;
    }
    let f = foldedChars.get(ch);
    if (f === undefined) {
      const lower = ch.toLowerCase().normalize('NFD')[0];
      f = lower.length === 1 ? lower : ch;
      if (f === '\u2018' || f === '\u2019' || f === '\u02bc') f = "'";
      foldedChars.set(ch, f);
    }
    out += f;
  }
  return out;
}

/** One character → its folded form (the apostrophes already made `'`): a small, bounded table. */
const foldedChars = new Map<string, string>();

const L = String.raw`\p{L}\p{N}`;
const wordBoundaryBefore = `(?<![${L}])`;
const wordBoundaryAfter = `(?![${L}])`;

interface Patterns {
  money: RegExp;
  share: RegExp;
  size: RegExp;
  count: RegExp;
  date: RegExp;
  personNoun: RegExp;
  place: RegExp;
  /** A year or a span of years with its era (`753 BC`, `AD 822`, `3500–3100 BCE`, `52 av. J.-C.`): on the text as written, since `ad` and `ce` are words. */
  era: RegExp;
  /** Folded words naming a people or a language (`English`, `Latin`): after "in", not a place. */
  peoplesAndLanguages: Set<string>;
}

let patterns: Patterns | undefined;

function build(): Patterns {
  const { numbers, personNouns, places, attributeClasses, ordinals } = lexicon();
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const numberWords = [...numbers.keys()].sort((a, b) => b.length - a.length).map(esc).join('|');
  const NUM = String.raw`(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)*|${wordBoundaryBefore}(?:${numberWords})${wordBoundaryAfter})`;
  const MULT = String.raw`(?:millions?|milliards?|billions?|trillions?|mds?|mrds?|bn|mille|thousand|hundred|cents?|k|m)${wordBoundaryAfter}`;
  const DE = String.raw`(?:de |d'|of )?`;
  const CUR = String.raw`(?:dollars?|euros?|usd|eur|livres? sterling|pounds?|yuans?|yens?|\$|€|£)`;
  const RANGE = String.raw`(?:\s?(?:a|to|-|–|et|and)\s?${NUM})?`;
  const UNIT = String.raw`(?:gigawatts?|gw|megawatts?|mw|kilowatts?|kw|terawatts?|tw|gigawattheures?|terawattheures?|gwh|twh|mwh|kwh|watts?|metres? carres|m2|m²|km2|km²|kilometres?|km|hectares?|acres?|square (?:feet|meters|metres|miles)|pieds carres|tonnes?|tons?|litres?|exaflops?|petaflops?|flops|reacteurs? nucleaires?)${wordBoundaryAfter}`;
  const MONTHS =
    'janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december';
  const DAYS = 'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday';
  // Years before 1900 are dates after a word that introduces one (`en 1046`, `in 1014`, `vers 1480`),
  // so that `1500 soldats` stays a count; decades and centuries in both languages.
  const OLDER_YEAR = String.raw`(?<=(?:${wordBoundaryBefore}(?:en|in|des|depuis|since|vers|around|circa|c\.|de|from|to|a|au|jusqu'en|until|till|by|annee|year|an|l'an|et|and|or|ou)|[(,–-]) ?)1\d{3}(?![\d])`;
  const DECADE = String.raw`(?:annees|decennie) (?:1\d|20)?\d0|(?:1\d|20)\d0s|'\d0s`;
  const alternation = (words: Iterable<string>) =>
    [...words].sort((a, b) => b.length - a.length).map((w) => esc(w).replace(/-/g, '[- ]')).join('|');
  const ORDINAL = alternation(ordinals);
  const CENTURY = String.raw`(?:(?:[ivxl]+|\d{1,2})(?:e|eme|er)|${ORDINAL}) siecles?|(?:\d{1,2}(?:st|nd|rd|th)|${ORDINAL})[- ]centur(?:y|ies)|(?:[ivxl]+|\d{1,2})(?:e|eme|er) millenaire`;
  const flags = 'giu';
  return {
    money: new RegExp(
      String.raw`[$€£]\s?${NUM}(?:\s?${MULT})?|${NUM}${RANGE}(?:\s${MULT})?\s?${DE}${CUR}(?![\\p{L}])` +
        // `100 millions par personne`: a bare amount, not a count of something.
        String.raw`|${NUM}\s(?:millions?|milliards?|billions?|bn)(?![\p{L}])(?!\s(?:de|d'|of)\s?\p{L})`,
      flags,
    ),
    share: new RegExp(String.raw`${NUM}\s?(?:%|pour ?cent${wordBoundaryAfter}|percent${wordBoundaryAfter}|per cent${wordBoundaryAfter})`, flags),
    size: new RegExp(String.raw`${NUM}${RANGE}(?:\s${MULT})?\s?${DE}${UNIT}`, flags),
    count: new RegExp(
      String.raw`${NUM}${RANGE}(?:\s${MULT})?\s(?:${DE}(?:ces |ses |leurs |these |those )?)?[\p{L}][\p{L}'-]{2,}`,
      flags,
    ),
    date: new RegExp(
      String.raw`${wordBoundaryBefore}(?:(?:(?:${DAYS}),? )?(?:\d{1,2}(?:er)? )?(?:${MONTHS})(?:,? \d{1,2})?(?:,? (?:19|20)\d{2})?|(?:debut|fin|mi|courant|early|late|mid)[- ](?:${MONTHS}|(?:19|20)\d{2})|(?:d'ici |des |en |jusqu'en |by |in )?(?:19|20)\d{2}(?:-\d{2}(?:-\d{2})?)?|${OLDER_YEAR}|${DECADE}|${CENTURY}|(?:cette annee|l'an (?:dernier|prochain)|l'annee (?:derniere|prochaine)|(?:this|last|next) year|fin de l'annee|end of the year|(?:ce|le) (?:premier|dernier|prochain) trimestre|(?:this|last|next) quarter))${wordBoundaryAfter}`,
      flags,
    ),
    personNoun: new RegExp(`${wordBoundaryBefore}(?:${alternation(personNouns)})s?${wordBoundaryAfter}`, flags),
    place: new RegExp(`${wordBoundaryBefore}(?:${alternation(places)})${wordBoundaryAfter}`, flags),
    era: new RegExp(
      String.raw`${wordBoundaryBefore}(?:\d{1,4}(?:\s?[–-]\s?\d{1,4})?\s?(?:BCE?|AD|CE|B\.C\.(?:E\.)?|A\.D\.|av\. J\.-C\.|apr\. J\.-C\.)|(?:AD|A\.D\.)\s\d{1,4})(?![\p{L}\p{N}])`,
      'gu',
    ),
    peoplesAndLanguages: new Set(
      ['nationality', 'nationalité', 'language', 'langue'].flatMap((noun) => attributeClasses.get(noun) ?? []).map((w) => fold(w)),
    ),
  };
}

function figureKey(text: string, unit: string): string {
  const num = /\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)*/.exec(text);
  const word = foldKeepingOffsets(text.split(/\s/)[0]);
  const value = num ? canonicalNumber(num[0]) : (lexicon().numbers.get(word) ?? word);
  const mult = /\b(millions?|milliards?|billions?|mds?|bn)\b/i.exec(text)?.[1]?.replace(/s$/, '').replace(/^mds?$|^bn$/, 'milliard');
  return [value, mult, unit].filter(Boolean).join('|');
}

const PLACE_AFTER_PREPOSITION =
  /(?<![\p{L}])(?:en|au|aux|à|dans l['’]|dans le|dans la|près de|in|at|near)\s+(\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)*)/gu;
// Two or more capitalised words in a row: a person's or an organisation's name.
const PROPER_NAME = /(?<![\p{L}])\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)+(?![\p{L}])/gu;

const LEADING_PREPOSITION = /^(?:selon|après|avant|depuis|pendant|malgré|chez|contre|vers|according|after|before|since|during|despite)$/i;

/** All the entities of a sentence, possibly overlapping, in order of start. */
export function findEntities(text: string): Entity[] {
  patterns ??= build();
  const folded = foldKeepingOffsets(text);
  const found: Entity[] = [];
  const add = (kind: EntityKind, re: RegExp, key?: (m: string) => string | null, source = folded) => {
    for (const m of source.matchAll(re)) {
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const end = m.index + m[0].trimEnd().length;
      if (end > start) found.push({ kind, start, end, key: key ? key(text.slice(start, end)) : null });
    }
  };
  add('money', patterns.money, (m) => figureKey(m, /[€]|euro/i.test(m) ? 'euro' : 'dollar'));
  add('share', patterns.share, (m) => figureKey(m, 'pourcent'));
  add('size', patterns.size, (m) => figureKey(m, unitOf(m)));
  add('date', patterns.date);
  add('date', patterns.era, undefined, text);
  add('place', patterns.place);
  for (const m of text.matchAll(PLACE_AFTER_PREPOSITION)) {
    const start = m.index + m[0].length - m[1].length;
    const end = start + m[1].length;
    // "in March 1990", "in English": a capitalised word after "in" that is a date, a people or a
    // language is not a place.
    if (found.some((e) => e.kind === 'date' && e.start < end && start < e.end)) continue;
    if (patterns.peoplesAndLanguages.has(fold(m[1]))) continue;
    found.push({ kind: 'place', start, end, key: null });
  }
  add('person', patterns.personNoun);
  for (const m of text.matchAll(PROPER_NAME)) {
    // `Selon Reuters`: a capitalised function word opening the sentence is not part of the name.
    const words = m[0].split(/[ -]/);
    const skip = isStopword(fold(words[0])) || LEADING_PREPOSITION.test(words[0]) ? words[0].length + 1 : 0;
    const start = m.index + skip;
    const end = m.index + m[0].length;
    if (end - start < 3 || !/[ -]/.test(text.slice(start, end))) continue;
    if (found.some((e) => e.kind === 'place' && e.start <= start && e.end >= end)) continue;
    found.push({ kind: 'person', start, end, key: null });
  }
  // A count is a number before a noun that is not already money, a size, a share or a date.
  const taken = found.filter((e) => e.kind !== 'place' && e.kind !== 'person');
  for (const m of folded.matchAll(patterns.count)) {
    const start = m.index;
    if (taken.some((e) => start >= e.start && start < e.end)) continue;
    if (/^(?:19|20)\d{2}\b/.test(m[0]) || taken.some((e) => e.kind === 'date' && e.start < start + m[0].length && start < e.end)) continue;
    const noun = m[0].split(/\s+/).pop()!.replace(/^\p{L}+'/u, '').replace(/s$/, '');
    found.push({ kind: 'count', start, end: start + m[0].length, key: figureKey(m[0], noun) });
  }
  const unique = new Map(found.map((e) => [`${e.kind}:${e.start}:${e.end}`, e]));
  return [...unique.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

function unitOf(m: string): string {
  const f = foldKeepingOffsets(m);
  if (/gigawatt|gw\b/.test(f)) return 'gigawatt';
  if (/megawatt|mw\b/.test(f)) return 'megawatt';
  if (/reacteur/.test(f)) return 'reacteur';
  const last = f.split(/\s+/).pop() ?? '';
  return last.replace(/s$/, '');
}
