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

/** The question-answering surface every adapter talks to. */
export interface AnswerEngine {
  ask(question: string, options?: AskOptions): Answer;
  sources(topic: string): Sources;
  /** Topic names for autocomplete, matched on prefix and typos; at most `limit`. */
  suggestTopics(prefix: string, limit?: number): string[];
  articles(): ArticleRef[];
}
