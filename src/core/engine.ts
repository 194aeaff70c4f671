// The core's one entry point: an index over the corpus and the questions it answers.
import type { Article } from './article.js';
import type { AnswerEngine, Answer, AskOptions, ArticleRef, Digest, DigestOptions, Sources } from './types.js';
import { SearchIndex, withoutContainedNames } from './search-index.js';
import { ask } from './answer.js';
import { sources } from './sources.js';
import { digest } from './digest.js';
import { loadCorpus, formatProblem, type CorpusProblem } from './corpus.js';
import { fold } from './analysis/normalize.js';
import { editDistance } from './typos.js';
import { isCommonWord, lexicon } from './analysis/lexicon.js';
import { isQuestionWord, parseQuery } from './question.js';
import { tokenize } from './analysis/tokenize.js';
import type { QuestionShape } from './conversation.js';

export interface EngineLoadOptions {
  /** Told about each corpus file that was skipped. */
  onProblem?: (problem: CorpusProblem, formatted: string) => void;
}

export class Engine implements AnswerEngine {
  private constructor(private index: SearchIndex) {}

  static fromArticles(articles: Article[]): Engine {
    return new Engine(SearchIndex.build(articles));
  }

  /** An engine over an index already built (e.g. loaded from a snapshot, see snapshot.ts). */
  static fromIndex(index: SearchIndex): Engine {
    return new Engine(index);
  }

  static async fromDirectory(dir: string, options: EngineLoadOptions = {}): Promise<Engine> {
    const { articles, problems } = await loadCorpus(dir);
    for (const p of problems) options.onProblem?.(p, formatProblem(p));
    return Engine.fromArticles(articles);
  }

  /** The index, for tools that need it (the benchmark, snapshots). */
  get searchIndex(): SearchIndex {
    return this.index;
  }

  ask(question: string, options?: AskOptions): Answer {
    return ask(this.index, question, options, () => this.suggestions());
  }

  /** What a question asks for and about (its kind, names and other words): for reading follow-ups. */
  analyse(question: string): QuestionShape {
    const q = parseQuery(question, this.index);
    return {
      lang: q.lang,
      kind: q.kind,
      asks: tokenize(q.text).some((t) => t.kind === 'word' && isQuestionWord(t.text, fold(t.text))),
      names: q.groups
        .filter((g) => g.isName)
        .map((g) => ({ label: g.label, weight: g.weight, place: lexicon().places.has(fold(g.label)) })),
      words: q.groups.filter((g) => !g.isName).map((g) => g.label),
    };
  }

  sources(topic: string): Sources {
    return sources(this.index, topic, () => this.suggestions());
  }

  /** What to suggest after "not in the articles": the most cited proper names, not common words. */
  private suggestionCache: { generation: number; list: string[] } | null = null;

  private suggestions(limit = 8): string[] {
    if (this.suggestionCache?.generation === this.index.generation) return [...this.suggestionCache.list];
    const list = this.computeSuggestions(limit);
    this.suggestionCache = { generation: this.index.generation, list };
    return [...list];
  }

  private computeSuggestions(limit: number): string[] {
    const names = this.index
      .topics()
      .filter((t) => !isCommonWord(t.label))
      .slice(0, limit * 2)
      .map((t) => t.label);
    return withoutContainedNames(names).slice(0, limit);
  }

  /** Names first (most articles first), matched on prefix, then on a prefix with one typo. */
  suggestTopics(prefix: string, limit = 25): string[] {
    const p = fold(prefix.trim());
    const topics = this.index.topics();
    if (!p) return topics.slice(0, limit).map((t) => t.label);
    const exact = topics.filter((t) => fold(t.label).startsWith(p) || fold(t.label).split(/\s+/).some((w) => w.startsWith(p)));
    const fuzzy =
      p.length >= 3
        ? topics.filter((t) => !exact.includes(t) && editDistance(p, fold(t.label).slice(0, p.length), 1) <= 1)
        : [];
    return [...exact, ...fuzzy].slice(0, limit).map((t) => t.label);
  }

  articles(): ArticleRef[] {
    return [...this.index.articles.values()].map((a) => a.ref);
  }

  digest(since: Date, until: Date, options?: DigestOptions): Digest {
    return digest(this.index, since, until, options);
  }

  /** Adds or replaces an article in place: answers keep flowing while the corpus changes. */
  upsert(article: Article): void {
    this.index.add(article);
  }

  remove(articleId: string): void {
    this.index.remove(articleId);
  }
}
