// Follow-ups in a thread: a message that names no subject of its own ("and Prometheus?", "when?",
// "et en France ?", "who said that?") is read with the thread's previous question, taking from it
// the kind of answer, the names, or both, whichever the follow-up lacks. A follow-up that is a
// full question is searched as asked. Platform-free: the adapters give it the thread's turns.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from './article.js';
import { fold, normalizeApostrophes } from './analysis/normalize.js';
import type { QuestionKind } from './types.js';

/** What the engine's question analysis says about a text (see Engine.analyse). */
export interface QuestionShape {
  lang: Lang;
  kind: QuestionKind;
  /** Whether the text has a question word (what, who, quel, combien…). */
  asks: boolean;
  /** The names it asks about, as written, with how rare each is in the corpus and whether it is a place. */
  names: { label: string; weight: number; place: boolean }[];
  /** Its other content words, as written. */
  words: string[];
}

export type QuestionAnalyser = (text: string) => QuestionShape;

/** A previous question of the thread and what was searched for it. */
export interface PreviousTurn {
  question: string;
  query: string;
}

export interface ResolvedQuestion {
  /** What to search. */
  query: string;
  /** What the follow-up took from the thread's previous question. */
  borrowed: 'nothing' | 'kind' | 'names' | 'both';
}

const lexiconDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lexicon');

export interface ConversationLexicon {
  /** Folded word → its language (null: either). */
  smallTalk: Map<string, Lang | null>;
  /** Longest first, so "and what about" is removed whole before "and". */
  openers: string[];
  qualifiers: Set<string>;
}

let cached: ConversationLexicon | undefined;

/** lexicon/conversation.tsv, folded. */
export function conversationLexicon(): ConversationLexicon {
  if (cached) return cached;
  const smallTalk = new Map<string, Lang | null>();
  const openers: string[] = [];
  const qualifiers = new Set<string>();
  for (const line of readFileSync(path.join(lexiconDir, 'conversation.tsv'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [role, phrase = '', lang = ''] = line.replace(/\r$/, '').split('\t');
    const words = foldWords(phrase);
    if (!words.length) continue;
    if (role === 'small-talk') for (const w of words) smallTalk.set(w, lang === 'fr' || lang === 'en' ? lang : (smallTalk.get(w) ?? null));
    else if (role === 'opener') openers.push(words.join(' '));
    else if (role === 'qualifier') qualifiers.add(words.join(' '));
    else throw new Error(`lexicon/conversation.tsv: unknown role "${role}"`);
  }
  openers.sort((a, b) => b.length - a.length);
  cached = { smallTalk, openers, qualifiers };
  return cached;
}

/** Words of a text, folded, without punctuation, emoji or elisions' apostrophes. */
function foldWords(text: string): string[] {
  return fold(normalizeApostrophes(text))
    .split(/[^\p{L}\p{N}']+/u)
    .flatMap((w) => w.split(/(?<=^(?:d|l|qu|j|n|s|c|t|m)')/))
    .filter(Boolean);
}

/**
 * Whether a message is not a question: empty once the mention is removed, or only greetings and
 * thanks ("hi!", "merci beaucoup 🙏"). Such a message gets a help line, not a search.
 */
export function isSmallTalk(text: string): boolean {
  const { smallTalk } = conversationLexicon();
  return foldWords(text).every((w) => smallTalk.has(w) || smallTalk.has(w.replace(/'$/, '')));
}

/** The language of a greeting or thanks ("merci !" is French), or null when its words say neither. */
export function smallTalkLanguage(text: string): Lang | null {
  const { smallTalk } = conversationLexicon();
  const votes = { en: 0, fr: 0 };
  for (const w of foldWords(text)) {
    const lang = smallTalk.get(w) ?? smallTalk.get(w.replace(/'$/, ''));
    if (lang) votes[lang]++;
  }
  return votes.fr > votes.en ? 'fr' : votes.en > votes.fr ? 'en' : null;
}

/** The text without a leading opener ("and", "what about", "et", "quid de") and trailing punctuation. */
function withoutOpener(text: string): string {
  let rest = text.trim();
  const folded = fold(normalizeApostrophes(rest)).toLowerCase();
  for (const opener of conversationLexicon().openers) {
    // Folding keeps lengths for the Latin letters these words use: cut at the same offset.
    if (folded.startsWith(opener) && !/[\p{L}\p{N}]/u.test(folded.charAt(opener.length))) {
      rest = rest.slice(opener.length).replace(/^[\s,:;…-]+/, '');
      break;
    }
  }
  return rest.replace(/[\s?!.…]+$/u, '').trim();
}

function startsWithQualifier(text: string): boolean {
  const first = foldWords(text)[0]?.replace(/'$/, '');
  return first !== undefined && conversationLexicon().qualifiers.has(first);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with the first occurrence of `label` (as a whole word, any case) replaced, French
 * elisions mended (`d’Hyperion` → `de Prometheus`).
 */
function replaceName(text: string, label: string, by: string): string | null {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:(\\p{L}{1,2})(['’]))?${escapeRegExp(label)}(?![\\p{L}\\p{N}])`, 'iu');
  const m = re.exec(text);
  if (!m) return null;
  const [, elided, apostrophe] = m;
  const vowel = /^[aeiouyhàâéèêîôû]/i.test(by);
  const head = elided ? (vowel ? `${elided}${apostrophe}` : `${elided}e `) : '';
  return text.slice(0, m.index) + head + by + text.slice(m.index + m[0].length);
}

/** A question without its closing punctuation, to add words after it. */
const open = (question: string) => question.trim().replace(/[\s?!.…]+$/u, '');

export class Conversation {
  constructor(private readonly analyse: QuestionAnalyser) {}

  /**
   * What to search for `text`, asked in a thread whose earlier turns are `history` (oldest
   * first). With no history, or a full question, the text itself.
   */
  resolve(text: string, history: PreviousTurn[]): ResolvedQuestion {
    const asked = text.trim();
    const previous = history.at(-1);
    if (!previous) return { query: asked, borrowed: 'nothing' };
    const rest = withoutOpener(asked);
    if (!rest) return { query: previous.query, borrowed: 'both' };
    const own = this.analyse(rest);
    const lacksNames = own.names.length === 0;
    // No kind, no question word, nothing but names: "and Prometheus?", "et en France ?".
    const lacksKind = own.kind === 'other' && !own.asks && own.words.length === 0;
    if (!lacksNames && !lacksKind) return { query: asked, borrowed: 'nothing' };
    const before = this.analyse(previous.query);
    if (lacksKind && lacksNames) return { query: `${open(previous.query)} ${rest}`, borrowed: 'both' };
    if (lacksNames) {
      // "when?", "who said that?": the follow-up's own words, about the previous names.
      const names = before.names.map((n) => n.label);
      if (!names.length) return { query: asked, borrowed: 'nothing' };
      return { query: `${rest} ${names.join(' ')}`, borrowed: 'names' };
    }
    return { query: this.withNewNames(previous.query, before, own, rest), borrowed: 'kind' };
  }

  /** The previous question asked again about the follow-up's names. */
  private withNewNames(previous: string, before: QuestionShape, own: QuestionShape, rest: string): string {
    if (startsWithQualifier(rest)) {
      // "et en France ?": the place changes, the rest of the question stays.
      const { qualifiers } = conversationLexicon();
      const oldPlace = before.names.find((n) => n.place);
      if (oldPlace && own.names.every((n) => n.place)) {
        const words = [...qualifiers].map(escapeRegExp).join('|');
        const re = new RegExp(`(?:(?<![\\p{L}\\p{N}])(?:${words})\\s+)?${escapeRegExp(oldPlace.label)}(?![\\p{L}\\p{N}])`, 'iu');
        if (re.test(previous)) return previous.replace(re, rest);
      }
      return `${open(previous)} ${rest}`;
    }
    // "and Prometheus?": the new names take the place of the previous subject, the rarest
    // non-place name of the previous question (Hyperion, rather than Meta, which every article names).
    const subject = [...before.names].filter((n) => !n.place).sort((a, b) => b.weight - a.weight)[0];
    const replacement = own.names.map((n) => n.label).join(' ');
    const replaced = subject ? replaceName(previous, subject.label, replacement) : null;
    return replaced ?? `${open(previous)} ${replacement}`;
  }
}
