// Plain data shared by the core and every adapter. Nothing here knows about a platform.

/** What an excerpt cites: enough to find the article again. */
export interface ArticleRef {
  id: string;
  title: string;
  /** Publisher, or null when the text does not name one. */
  source: string | null;
  /** ISO date (`2025-07-18`), partial date (`2025-01`), or null when the text gives none. */
  date: string | null;
  url: string | null;
}

/** A half-open range [start, end) of UTF-16 offsets into an excerpt's text. */
export interface Span {
  start: number;
  end: number;
}

/** What kind of fact a question asks for. */
export type QuestionKind =
  | 'size' // how big, capacity, power
  | 'money' // how much (spend, cost, profit)
  | 'count' // how many
  | 'date' // when
  | 'place' // where
  | 'person' // who
  | 'share' // what share, percentage
  | 'comparison' // what does X compare to
  | 'other';

export interface Excerpt {
  /** Verbatim article text, at most 400 characters, no markup. */
  text: string;
  /** The part of `text` that answers the question, when one stands out. */
  span: Span | null;
  article: ArticleRef;
  /** Relevance, comparable within one answer only. */
  score: number;
}

/** Several articles giving the same figure. */
export interface Corroboration {
  /** The figure as the top excerpt writes it, e.g. `5 gigawatts`. */
  figure: string;
  articles: ArticleRef[];
}

export interface AnsweredAnswer {
  question: string;
  answered: true;
  kind: QuestionKind;
  excerpts: Excerpt[];
  /** How many more excerpts `ask` can give with a larger offset. */
  moreAvailable: number;
  corroboration: Corroboration | null;
}

export type NotAnsweredReason = 'empty' | 'too-long' | 'not-found';

export interface UnansweredAnswer {
  question: string;
  answered: false;
  reason: NotAnsweredReason;
  /** A short message for a person, in English. */
  message: string;
  /** Topics the corpus can answer about. */
  suggestions: string[];
  excerpts: [];
}

export type Answer = AnsweredAnswer | UnansweredAnswer;

export interface SourceEntry {
  article: ArticleRef;
  /** How many passages of the article mention the topic. */
  passages: number;
  /** The article's best excerpt on the topic (verbatim, at most 400 characters). */
  excerpt: string;
  span: Span | null;
  score: number;
}

export interface Sources {
  topic: string;
  /** False when the topic is empty-handed (nothing in the corpus) or refused. */
  found: boolean;
  sources: SourceEntry[];
  /** How many articles the list holds uncut, when it is cut (the catalogue: its newest only). */
  total?: number;
  /** Set when found is false: why, for a person. */
  message?: string;
  suggestions?: string[];
}

export interface AskOptions {
  /** How many excerpts (default 3). */
  limit?: number;
  /** Skip the first `offset` excerpts ("More excerpts"). */
  offset?: number;
}

/** One article of a digest. */
export interface DigestArticle {
  article: ArticleRef;
  /** ISO timestamp of the article's entry into the corpus (inside the digest's window). */
  added: string;
  /**
   * One or two key sentences, verbatim (at most 400 characters each, cut at word boundaries when
   * longer): those carrying the article's main figures and names, in the article's order.
   */
  highlights: string[];
  /** The names the article is most about, most mentioned first (at most 5). */
  topics: string[];
}

/** The articles added to the corpus in a window [since, until), newest first. */
export interface Digest {
  /** ISO timestamps of the window: `since` included, `until` excluded. */
  since: string;
  until: string;
  /** The day the digest is for (`2026-11-23`): the local day of `until` in `timeZone`. */
  day: string;
  /** IANA time zone `day` is reckoned in (UTC unless told). */
  timeZone: string;
  /** How many articles (= articles.length). */
  count: number;
  /** A header for a person, e.g. `Digest for Monday 23 November 2026 · 3 new articles`. */
  title: string;
  articles: DigestArticle[];
}

export interface DigestOptions {
  /** IANA time zone for the digest's day (default UTC). */
  timeZone?: string;
}

/** The question-answering surface every adapter talks to. */
export interface AnswerEngine {
  ask(question: string, options?: AskOptions): Answer;
  sources(topic: string): Sources;
  /** What a question asks for and about, for reading follow-ups in a thread (see conversation.ts). */
  analyse?(question: string): import('./conversation.js').QuestionShape;
  /** Topic names for autocomplete, matched on prefix and typos; at most `limit`. */
  suggestTopics(prefix: string, limit?: number): string[];
  articles(): ArticleRef[];
  /** The articles added in [since, until), each with its key sentences and topics. */
  digest(since: Date, until: Date, options?: DigestOptions): Digest;
}
