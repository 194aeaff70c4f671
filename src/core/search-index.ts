// The index: passages in minisearch (terms from our own analysis), plus what reranking needs:
// passage frequencies of terms, proper nouns, topic names, and sentence analyses made on demand.
import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { loadMini, saveMini, type MiniState } from './mini-state.js';
import type { Article } from './article.js';
import type { ArticleRef } from './types.js';
import { analyze, terms as termsOf, type Term } from './analysis/analyze.js';
import { findEntities, type Entity } from './analysis/entities.js';
import { fold } from './analysis/normalize.js';
import { cutPassages, sentencesOf, type Passage } from './passages.js';

export interface AnalyzedSentence {
  start: number;
  end: number;
  terms: Set<string>;
  spans: Term[];
  entities: Entity[];
}

export interface AnalyzedPassage {
  terms: Set<string>;
  headingTerms: Set<string>;
  sentences: AnalyzedSentence[];
}

export interface IndexedArticle {
  article: Article;
  ref: ArticleRef;
  titleTerms: Set<string>;
  passageIds: number[];
}

interface IndexedPassage extends Passage {
  id: number;
}

export interface Topic {
  label: string;
  /** How many articles name it. */
  articles: number;
}

const TERM_SEPARATOR = ' ';
/** A name may be written in lower case at most once for every five times with a capital. */
const PROPER_LOWER_SHARE = 0.2;

/** A SearchIndex as plain, JSON-safe data (see toState / fromState). */
export interface IndexState {
  /** Length of the passage table (ids of removed passages stay empty). */
  slots: number;
  passageTotal: number;
  /** In insertion order, each with the ids of its passages in order. */
  articles: { article: Article; passageIds: number[] }[];
  df: [string, number][];
  contextDf: [string, number][];
  capitalised: [string, number, number][];
  topicCounts: [string, [string, number][]][];
  mini: MiniState;
}

export function refOf(a: Article): ArticleRef {
  return { id: a.id, title: a.title, source: a.source, date: a.date, url: a.url };
}

export class SearchIndex {
  readonly articles = new Map<string, IndexedArticle>();
  readonly passages: (IndexedPassage | undefined)[] = [];
  /** How many passages hold each term. */
  readonly df = new Map<string, number>();
  /** Terms of titles and headings (not counted as passages, but present in the corpus). */
  private readonly contextDf = new Map<string, number>();
  /** Per folded word: how often it is written with a capital inside a sentence, and how often without. */
  private readonly capitalised = new Map<string, { cap: number; lower: number }>();
  private readonly topicCounts = new Map<string, Map<string, number>>();
  private readonly analyzed = new Map<number, AnalyzedPassage>();
  readonly mini: MiniSearch<IndexedPassage>;
  private passageTotal = 0;
  /** The analysed terms of the passage being added, for extractField. */
  private pendingTerms: { id: number; terms: string } | null = null;
  /** topics() as last computed; dropped on every change. */
  private topicsCache: Topic[] | null = null;
  private vocabularyCache: SearchableMap<number> | null = null;
  /** Bumped on every change of the corpus: what callers key their caches by. */
  generation = 0;

  constructor(restore?: (options: Options<IndexedPassage>) => MiniSearch<IndexedPassage>) {
    const options: Options<IndexedPassage> = {
      fields: ['text'],
      idField: 'id',
      extractField: (p, field) => {
        const lang = this.articles.get(p.articleId)?.article.lang ?? 'fr';
        if (field === 'id') return String(p.id);
        // add() has just analysed the passage: its terms are handed over rather than made again.
        // Titles and headings are not indexed with each passage (that would repeat them in every
        // posting list): the reranking reads them as context.
        return this.pendingTerms?.id === p.id ? this.pendingTerms.terms : termsOf(p.text, lang).join(TERM_SEPARATOR);
      },
      tokenize: (s) => s.split(TERM_SEPARATOR).filter(Boolean),
      processTerm: (t) => t,
      searchOptions: { tokenize: (s) => s.split(TERM_SEPARATOR).filter(Boolean), processTerm: (t) => t },
    };
    this.mini = restore ? restore(options) : new MiniSearch<IndexedPassage>(options);
  }

  /** Everything the index holds, as plain data for a snapshot (the sentence analyses are remade on demand). */
  toState(): IndexState {
    const articles: IndexState['articles'] = [];
    for (const { article, passageIds } of this.articles.values()) articles.push({ article, passageIds });
    return {
      slots: this.passages.length,
      passageTotal: this.passageTotal,
      articles,
      df: [...this.df],
      contextDf: [...this.contextDf],
      capitalised: [...this.capitalised].map(([word, c]) => [word, c.cap, c.lower]),
      topicCounts: [...this.topicCounts].map(([key, variants]) => [key, [...variants]]),
      mini: saveMini(this.mini as MiniSearch<unknown>),
    };
  }

  /**
   * The index a snapshot holds. Passages are cut again from the articles (the same code cut them:
   * snapshots are keyed by it); anything inconsistent throws, and the caller rebuilds.
   */
  static fromState(state: IndexState): SearchIndex {
    const index = new SearchIndex((options) => loadMini<IndexedPassage>(state.mini, options));
    if (!Number.isInteger(state.slots) || state.slots < 0) throw new Error('bad passage slot count');
    index.passages.length = state.slots;
    let total = 0;
    for (const { article, passageIds } of state.articles) {
      const passages = cutPassages(article);
      if (passages.length !== passageIds.length) throw new Error(`article ${article.id}: ${passages.length} passages, snapshot says ${passageIds.length}`);
      passages.forEach((p, i) => {
        const id = passageIds[i];
        if (!Number.isInteger(id) || id < 0 || id >= state.slots || index.passages[id]) throw new Error(`article ${article.id}: bad passage id ${id}`);
        index.passages[id] = { ...p, id };
      });
      total += passages.length;
      index.articles.set(article.id, { article, ref: refOf(article), titleTerms: new Set(termsOf(article.title, article.lang)), passageIds: [...passageIds] });
    }
    if (total !== state.passageTotal || index.mini.documentCount !== total) throw new Error(`passage counts disagree (${total}, ${state.passageTotal}, ${index.mini.documentCount})`);
    index.passageTotal = total;
    for (const [term, n] of state.df) index.df.set(term, n);
    for (const [term, n] of state.contextDf) index.contextDf.set(term, n);
    for (const [word, cap, lower] of state.capitalised) index.capitalised.set(word, { cap, lower });
    for (const [key, variants] of state.topicCounts) index.topicCounts.set(key, new Map(variants));
    return index;
  }

  static build(articles: Article[]): SearchIndex {
    const index = new SearchIndex();
    for (const a of articles) index.add(a);
    return index;
  }

  get passageCount(): number {
    return this.passageTotal;
  }

  add(article: Article): void {
    if (this.articles.has(article.id)) this.remove(article.id);
    this.changed();
    const entry: IndexedArticle = {
      article,
      ref: refOf(article),
      titleTerms: new Set(termsOf(article.title, article.lang)),
      passageIds: [],
    };
    this.articles.set(article.id, entry);
    const topicsHere = new Set<string>();
    const passages = cutPassages(article);
    this.countContext(article, passages, 1);
    for (const p of passages) {
      const passage: IndexedPassage = { ...p, id: this.passages.length };
      this.passages.push(passage);
      entry.passageIds.push(passage.id);
      this.passageTotal++;
      const analysed = analyze(passage.text, article.lang);
      const terms = analysed.map((t) => t.term);
      for (const term of new Set(terms)) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      this.countCapitals(passage.text, analysed, 1);
      for (const label of namesIn(passage.text)) topicsHere.add(label);
      this.pendingTerms = { id: passage.id, terms: terms.join(TERM_SEPARATOR) };
      try {
        this.mini.add(passage);
      } finally {
        this.pendingTerms = null;
      }
    }
    for (const label of topicsHere) this.countTopic(label, 1);
  }

  remove(articleId: string): void {
    const entry = this.articles.get(articleId);
    if (!entry) return;
    this.changed();
    const topicsHere = new Set<string>();
    this.countContext(entry.article, entry.passageIds.map((id) => this.passages[id]!), -1);
    for (const id of entry.passageIds) {
      const passage = this.passages[id]!;
      const analysed = analyze(passage.text, entry.article.lang);
      for (const term of new Set(analysed.map((t) => t.term))) {
        const n = (this.df.get(term) ?? 1) - 1;
        if (n <= 0) this.df.delete(term);
        else this.df.set(term, n);
      }
      this.countCapitals(passage.text, analysed, -1);
      for (const label of namesIn(passage.text)) topicsHere.add(label);
      this.mini.discard(String(id));
      this.passages[id] = undefined;
      this.analyzed.delete(id);
      this.passageTotal--;
    }
    for (const label of topicsHere) this.countTopic(label, -1);
    this.articles.delete(articleId);
  }

  passage(id: number): IndexedPassage {
    const p = this.passages[id];
    if (!p) throw new Error(`passage ${id} is not in the index`);
    return p;
  }

  articleOf(passageId: number): IndexedArticle {
    return this.articles.get(this.passage(passageId).articleId)!;
  }

  /** Whether the corpus has the term anywhere: passages, headings or titles. */
  has(term: string): boolean {
    return this.df.has(term) || this.contextDf.has(term);
  }

  /** Inverse passage frequency: rare terms weigh more. */
  idf(term: string): number {
    return this.idfOfCount(this.df.get(term) ?? 0);
  }

  idfOfCount(df: number): number {
    return Math.log(1 + (this.passageTotal + 1) / (df + 0.5));
  }

  private countContext(article: Article, passages: Passage[], delta: number): void {
    const texts = new Set([article.title, ...passages.map((p) => p.heading ?? '')]);
    for (const text of texts)
      for (const term of new Set(termsOf(text, article.lang))) {
        const n = (this.contextDf.get(term) ?? 0) + delta;
        if (n <= 0) this.contextDf.delete(term);
        else this.contextDf.set(term, n);
      }
  }

  /** True for a name the corpus gives versions of (`llama` for Llama 3 and Llama 4). */
  isVersioned(base: string): boolean {
    for (let n = 0; n <= 20; n++) if (this.df.has(base + n)) return true;
    return false;
  }

  /**
   * True for a word written with a capital inside sentences and rarely without: a name. Sentence
   * starts say nothing; a common word capitalised now and then (« Pays de la Loire ») is not one.
   */
  isProperNoun(word: string): boolean {
    const c = this.capitalised.get(word);
    return c !== undefined && c.cap >= 1 && c.lower <= c.cap * PROPER_LOWER_SHARE;
  }

  /** Sentences, terms and entities of a passage, computed when first needed and kept a while. */
  analysedPassage(id: number): AnalyzedPassage {
    const cached = this.analyzed.get(id);
    if (cached) return cached;
    const p = this.passage(id);
    const lang = this.articles.get(p.articleId)!.article.lang;
    const spans = analyze(p.text, lang);
    const sentences = sentencesOf(p).map((r): AnalyzedSentence => {
      const inside = spans.filter((t) => t.start >= r.start && t.end <= r.end);
      let entities: Entity[] | undefined;
      return {
        start: r.start,
        end: r.end,
        terms: new Set(inside.map((t) => t.term)),
        spans: inside.map((t) => ({ ...t, start: t.start - r.start, end: t.end - r.start })),
        // Finding entities is the costly part, and most sentences of a candidate passage never need it.
        get entities() {
          entities ??= findEntities(p.text.slice(r.start, r.end));
          return entities;
        },
      };
    });
    const result: AnalyzedPassage = {
      terms: new Set(spans.map((t) => t.term)),
      headingTerms: new Set(p.heading ? termsOf(p.heading, lang) : []),
      sentences,
    };
    if (this.analyzed.size >= 5000) this.analyzed.delete(this.analyzed.keys().next().value!);
    this.analyzed.set(id, result);
    return result;
  }

  private changed(): void {
    this.topicsCache = null;
    this.vocabularyCache = null;
    this.generation++;
  }

  /** The index terms in a trie (for typo and prefix look-ups), built when first needed after a change. */
  vocabulary(): SearchableMap<number> {
    this.vocabularyCache ??= SearchableMap.from<number>(this.df) as SearchableMap<number>;
    return this.vocabularyCache;
  }

  /** Names, most common first, for autocomplete and suggestions. */
  topics(): Topic[] {
    // Callers get their own copy: the list is the same until the corpus changes.
    this.topicsCache ??= this.computeTopics();
    return this.topicsCache.map((t) => ({ ...t }));
  }

  private computeTopics(): Topic[] {
    const out: Topic[] = [];
    for (const variants of this.topicCounts.values()) {
      let best = '';
      let bestCount = 0;
      let total = 0;
      for (const [label, n] of variants) {
        total += n;
        if (n > bestCount) [best, bestCount] = [label, n];
      }
      if (total > 0) out.push({ label: best, articles: total });
    }
    return out.sort((a, b) => b.articles - a.articles || a.label.localeCompare(b.label));
  }

  private countTopic(label: string, delta: number): void {
    const key = fold(label);
    const variants = this.topicCounts.get(key) ?? new Map<string, number>();
    const n = (variants.get(label) ?? 0) + delta;
    if (n <= 0) variants.delete(label);
    else variants.set(label, n);
    if (variants.size) this.topicCounts.set(key, variants);
    else this.topicCounts.delete(key);
  }

  private countCapitals(text: string, analysed: Term[], delta: number): void {
    let last = -1;
    for (const t of analysed) {
      // One count per written word (a word may give several terms), none at a sentence start.
      if (t.start === last) continue;
      last = t.start;
      const written = text.slice(t.start, t.end);
      if (!/^\p{L}/u.test(written) || startsSentence(text, t.start)) continue;
      const word = fold(written);
      const c = this.capitalised.get(word) ?? { cap: 0, lower: 0 };
      if (/^\p{Lu}/u.test(written)) c.cap += delta;
      else c.lower += delta;
      if (c.cap <= 0 && c.lower <= 0) this.capitalised.delete(word);
      else this.capitalised.set(word, c);
    }
  }
}

function startsSentence(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 4), at).trimEnd();
  return before === '' || /[.!?…:«"“—–-]$/.test(before);
}

// Capitalised words in a row (allowing `AI`, `H100`, a trailing small number: `Llama 4`), not at
// a sentence start unless there are several: the names a topic list offers.
const NAME_RUN = /(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}\p{N}'’-]*)(?:[ \u00a0](?:\p{Lu}[\p{L}\p{N}'’-]*|\d{1,2}(?![\d\p{L}])))*/gu;
const NAME_STOP = /^(?:Le|La|Les|L|Un|Une|Des|De|Du|Ce|Cette|Ces|Il|Elle|Ils|Elles|On|Et|Mais|Ou|En|Au|Aux|Pour|Par|Sur|Dans|Avec|Selon|Si|The|A|An|In|On|At|For|And|But|Or|It|This|That|These|Those|Of|To|By|With|From)$/;

export function namesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAME_RUN)) {
    const words = m[0].split(/[ \u00a0]/);
    while (words.length && NAME_STOP.test(words[0])) words.shift();
    while (words.length > 1 && NAME_STOP.test(words[words.length - 1])) words.pop();
    if (!words.length) continue;
    const start = m.index + m[0].indexOf(words[0]);
    if (words.length === 1 && startsSentence(text, start)) continue;
    const label = words.join(' ').replace(/[’']$/, '');
    if (label.length >= 2 && words.length <= 4) out.push(label);
  }
  return out;
}

/** `Zuckerberg` beside `Mark Zuckerberg` says nothing more: keep the full name (a surname, not `Meta` of `Meta Platforms`). */
export function withoutContainedNames(labels: string[]): string[] {
  const folded = labels.map((l) => fold(l));
  return labels.filter((_, i) => !folded.some((o, j) => j !== i && o.endsWith(` ${folded[i]}`)));
}
