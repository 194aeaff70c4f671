// The index: passages in our own inverted index (postings.ts; terms from our own analysis), plus
// what reranking needs: passage frequencies of terms, proper nouns, topic names, and sentence
// analyses made on demand. Passage text is held once: in memory for passages added since the index
// was built or loaded, and otherwise in the snapshot file, read back a passage at a time when needed
// (the page cache keeps it, not the heap). Articles are kept without their bodies: every reader of
// the index needs their passages, never the body itself.
import { readSync } from 'node:fs';
import type { Article } from './article.js';
import type { ArticleRef } from './types.js';
import { analyze, terms as termsOf, type Term } from './analysis/analyze.js';
import { findEntities, type Entity } from './analysis/entities.js';
import { fold } from './analysis/normalize.js';
import { cutPassages, sentencesOf, type Passage } from './passages.js';
import { PostingIndex, type ArenaFile, type PostingState, type SearchHit } from './postings.js';
import { Vocabulary } from './vocabulary.js';

export type { SearchHit } from './postings.js';

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

/** An article as the index keeps it: everything but the body (its passages hold the text). */
export type IndexedArticleData = Omit<Article, 'body'>;

export interface IndexedArticle {
  /** The article's id and language (what `article` holds too, without decoding it). */
  readonly id: string;
  readonly lang: string;
  readonly article: IndexedArticleData;
  readonly ref: ArticleRef;
  readonly titleTerms: Set<string>;
  readonly passageIds: number[];
}

/** The index's articles by id, in the order added. */
export interface IndexedArticles {
  readonly size: number;
  has(id: string): boolean;
  get(id: string): IndexedArticle | undefined;
  values(): IterableIterator<IndexedArticle>;
}

/** An article of the index as callers see it: made when asked for, from the index's table (`ArticleSlots`). */
class ArticleEntry implements IndexedArticle {
  constructor(
    private readonly slots: ArticleSlots,
    readonly ordinal: number,
  ) {}
  get id(): string {
    return this.slots.idAt(this.ordinal);
  }
  get lang(): string {
    return this.slots.langAt(this.ordinal);
  }
  get article(): IndexedArticleData {
    return this.slots.table.get(this.ordinal, this.id, this.lang);
  }
  get ref(): ArticleRef {
    return refOf(this.article);
  }
  get titleTerms(): Set<string> {
    return this.slots.table.titleTerms(this.ordinal, this.id, this.lang);
  }
  get passageIds(): number[] {
    const first = this.slots.firstAt(this.ordinal);
    return Array.from({ length: this.slots.countAt(this.ordinal) }, (_, i) => first + i);
  }
  /** The place of passage `id` among the article's passages (cutPassages numbers them in the order they are added). */
  positionOf(id: number): number {
    return id - this.slots.firstAt(this.ordinal);
  }
}

/**
 * The articles, kept small (100,000 of them stay in memory): per ordinal (the order they were
 * added; an ordinal is never given again) the id, the language, and the passages — consecutive ids
 * (an article's passages are added together, after every passage added before) held as the first
 * and a count; the metadata packed in `table`. No object per article: those were ~7 MB at 100,000
 * articles; an entry is made when asked for. A passage's article is found by binary search over the
 * first ids, which ascend (a table per passage held 4 bytes for each of 1.7 million passages).
 */
class ArticleSlots implements IndexedArticles {
  /** Id → ordinal, in the order added. */
  private readonly byId = new Map<string, number>();
  /** Per ordinal: the id (undefined once removed), language, first passage id, passage count. */
  private ids: (string | undefined)[] = [];
  private langs: string[] = [];
  private firsts: Int32Array = new Int32Array(0);
  private counts: Int32Array = new Int32Array(0);
  constructor(readonly table = new ArticleTable()) {}

  get size(): number {
    return this.byId.size;
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  get(id: string): ArticleEntry | undefined {
    const ordinal = this.byId.get(id);
    return ordinal === undefined ? undefined : new ArticleEntry(this, ordinal);
  }
  *values(): IterableIterator<ArticleEntry> {
    for (const ordinal of this.byId.values()) yield new ArticleEntry(this, ordinal);
  }

  idAt(ordinal: number): string {
    return this.ids[ordinal]!;
  }
  langAt(ordinal: number): string {
    return this.langs[ordinal];
  }
  firstAt(ordinal: number): number {
    return this.firsts[ordinal];
  }
  countAt(ordinal: number): number {
    return this.counts[ordinal];
  }

  /**
   * Adds an article whose passages will start at `first` (and follow every passage given before);
   * returns its ordinal. `inTable`: its metadata is already the next line of the table (a load).
   */
  push(data: IndexedArticleData, first: number, inTable = false): number {
    const ordinal = inTable ? this.ids.length : this.table.push(data);
    if (ordinal !== this.ids.length || ordinal >= this.table.length) throw new Error('article tables out of step');
    if (this.byId.has(data.id)) throw new Error(`article ${data.id} given twice`);
    const last = ordinal > 0 ? this.firsts[ordinal - 1] + this.counts[ordinal - 1] : 0;
    if (!(first >= last)) throw new Error(`article ${data.id}: passage ids out of order`);
    this.ids.push(data.id);
    this.langs.push(data.lang);
    this.firsts = growInt32(this.firsts, ordinal + 1);
    this.counts = growInt32(this.counts, ordinal + 1);
    this.firsts[ordinal] = first;
    this.counts[ordinal] = 0;
    this.byId.set(data.id, ordinal);
    return ordinal;
  }

  addPassage(ordinal: number, id: number): void {
    if (id !== this.firsts[ordinal] + this.counts[ordinal]) throw new Error(`article ${this.ids[ordinal]}: passage ${id} does not follow its others`);
    this.counts[ordinal]++;
  }

  delete(id: string): void {
    const ordinal = this.byId.get(id);
    if (ordinal === undefined) return;
    this.byId.delete(id);
    this.ids[ordinal] = undefined;
  }

  /** The ordinal of the live article holding passage `id`, −1 for none. */
  ownerOf(id: number): number {
    // The last article whose first passage is at or before `id` (articles without passages share
    // their first id with the next one's: the last of them is the one that may hold it).
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.firsts[mid] <= id) lo = mid + 1;
      else hi = mid;
    }
    const ordinal = lo - 1;
    return ordinal >= 0 && this.ids[ordinal] !== undefined && id < this.firsts[ordinal] + this.counts[ordinal] ? ordinal : -1;
  }

  /** Gives back the room left for more (after a build). */
  trim(): void {
    this.table.trim();
    this.firsts = this.firsts.slice(0, this.ids.length);
    this.counts = this.counts.slice(0, this.ids.length);
  }
}

export interface IndexedPassage extends Passage {
  id: number;
}

export interface Topic {
  label: string;
  /** How many articles name it. */
  articles: number;
}

/** A name may be written in lower case at most once for every five times with a capital. */
const PROPER_LOWER_SHARE = 0.2;
/** Passage texts read back from the snapshot file kept decoded (a question reads ~200 passages). */
const TEXT_CACHE = 4096;
/**
 * Passage analyses kept (about 7 KB each): more than the 400 passages a `sources` call reranks (and
 * the 160 an `ask` looks at). At 100,000 articles, 1,000 questions and 200 topics took the same
 * time with 500 as with 2,000 (14 MB of heap) or 5,000 (36 MB): an analysis is rarely asked for
 * again past the call that made it.
 */
const ANALYSIS_CACHE = 500;

/** Where passage texts not held in memory are: a section of an open snapshot file. */
export interface TextFile {
  fd: number;
  /** Byte offset of the text section in the file. */
  base: number;
  places: TextPlaces;
}

/** Every this many passage slots, the start of a text is kept; the others are summed from the lengths. */
const TEXT_START_STRIDE = 64;
/** A 16-bit length that stands for "no passage". */
const NO_TEXT = 0xffff;

/**
 * Per passage slot, where its text is in a snapshot's text section. A snapshot writes the texts one
 * after the other in slot order, so a start is the sum of the lengths before it: kept one slot in
 * TEXT_START_STRIDE, and each length in 16 bits while every text is shorter than 64 KB (at 100,000
 * articles, 1.7 million starts and lengths in 4 bytes each were 14 MB; these are 3.6 MB). Texts
 * written in another order keep their starts as they are.
 */
export class TextPlaces {
  private constructor(
    readonly slots: number,
    /** Byte length per slot; −1 (NO_TEXT in 16 bits) for no passage. */
    private readonly lengths: Uint16Array | Int32Array,
    /** The start of every TEXT_START_STRIDE-th slot's text, when the texts are in slot order. */
    private readonly strideStarts: Float64Array | null,
    /** Otherwise each slot's start. */
    private readonly starts: Float64Array | Uint32Array | null,
  ) {}

  /** From each slot's start and length (−1 for none) in a section of `sectionBytes`; throws for a text out of bounds. */
  static of(starts: Float64Array | Uint32Array, lengths: Int32Array, sectionBytes: number): TextPlaces {
    if (starts.length !== lengths.length) throw new Error('text starts and lengths disagree on the slot count');
    const slots = lengths.length;
    let inOrder = true;
    let short = true;
    let at = 0;
    for (let id = 0; id < slots; id++) {
      const n = lengths[id];
      if (n < 0) continue;
      if (!(starts[id] >= 0 && starts[id] + n <= sectionBytes)) throw new Error(`passage ${id}: text out of bounds`);
      if (starts[id] !== at) inOrder = false;
      at += n;
      if (n >= NO_TEXT) short = false;
    }
    if (!inOrder) return new TextPlaces(slots, lengths, null, starts);
    const strideStarts = new Float64Array(Math.ceil(slots / TEXT_START_STRIDE));
    at = 0;
    for (let id = 0; id < slots; id++) {
      if (id % TEXT_START_STRIDE === 0) strideStarts[id / TEXT_START_STRIDE] = at;
      if (lengths[id] > 0) at += lengths[id];
    }
    return new TextPlaces(slots, short ? Uint16Array.from(lengths, (n) => (n < 0 ? NO_TEXT : n)) : lengths, strideStarts, null);
  }

  /** The byte length of slot `id`'s text; −1 when the slot holds no passage. */
  length(id: number): number {
    if (!(id >= 0 && id < this.slots)) return -1;
    const n = this.lengths[id];
    return this.lengths instanceof Uint16Array && n === NO_TEXT ? -1 : n;
  }

  has(id: number): boolean {
    return this.length(id) >= 0;
  }

  /** Where slot `id`'s text starts in the section. */
  start(id: number): number {
    if (this.starts) return this.starts[id];
    const from = id - (id % TEXT_START_STRIDE);
    let at = this.strideStarts![from / TEXT_START_STRIDE];
    for (let i = from; i < id; i++) {
      const n = this.length(i);
      if (n > 0) at += n;
    }
    return at;
  }
}

/** A SearchIndex as typed arrays and plain data: what a binary snapshot holds (see snapshot.ts). */
export interface IndexState {
  /** In insertion order, with how many passages each has; their ids follow, article after article. */
  articles: IndexedArticleData[];
  passageCounts: Int32Array;
  passageIds: Int32Array;
  /** Per passage slot: index into `headings`, −1 for none. */
  passageHeadings: Int32Array;
  headings: string[];
  contextDf: [string, number][];
  capitalised: [string, number, number][];
  /** Per name as written: how many articles name it (topics() groups the ways of writing one name). */
  topicCounts: [string, number][];
  postings: PostingState;
  /** The vocabulary's orders (see vocabulary.ts). */
  vocabulary: { rank: Int32Array; sorted: Int32Array };
}

/** Passage frequencies of terms, read from the postings: how many live passages hold each term. */
export class TermCounts {
  constructor(private readonly postings: PostingIndex) {}
  get(term: string): number | undefined {
    const n = this.postings.count(term);
    return n > 0 ? n : undefined;
  }
  has(term: string): boolean {
    return this.postings.count(term) > 0;
  }
  [Symbol.iterator](): IterableIterator<[string, number]> {
    return this.postings.entries();
  }
}

export function refOf(a: IndexedArticleData): ArticleRef {
  return { id: a.id, title: a.title, source: a.source, date: a.date, url: a.url };
}

function withoutBody(a: Article): IndexedArticleData {
  const { body: _body, ...data } = a;
  return data;
}

function growInt32(a: Int32Array, needed: number): Int32Array {
  if (needed <= a.length) return a;
  const next = new Int32Array(Math.max(needed, a.length * 2, 64));
  next.set(a);
  return next;
}

export class SearchIndex {
  private slots = new ArticleSlots();
  get articles(): IndexedArticles {
    return this.slots;
  }
  /** How many passages hold each term. */
  readonly df: TermCounts;
  private slotCount = 0;
  private passageHeadings: Int32Array = new Int32Array(0);
  private headings = new PackedStrings();
  /** Heading → its index in `headings`; made on the first `add` after a load (a server that only answers never needs it). */
  private headingIds: Map<string, number> | null = new Map<string, number>();
  /** Texts of passages added since the index was built or loaded from a file; the others are in `textFile`. */
  private readonly texts = new Map<number, string>();
  private textFile: TextFile | null = null;
  private readonly textCache = new Map<number, string>();
  /** Terms of titles and headings (not counted as passages, but present in the corpus). */
  /** (Packed: ~120,000 terms at 100,000 articles, ~7 MB as a Map.) */
  private contextDf = new PackedCounts();
  /** Per folded word: how often it is written with a capital inside a sentence, and how often without. */
  /** (Both counts in one number, see `packCounts`: no object per word; most words are never capitalised, and then the number is a small integer.) */
  private capitalised = new PackedCounts();
  /**
   * Per name as written, how many articles name it. One flat Map (not one Map per folded name, as
   * before: nearly every name has a single way of writing it, and an inner Map cost ~200 bytes each).
   */
  private topicCounts = new PackedCounts();
  private readonly analyzed = new Map<number, AnalyzedPassage>();
  /** topics() as last computed; dropped on every change. */
  /** (Packed: the list has a topic per name, ~200,000 at 100,000 articles, 22 MB as objects.) */
  private topicsCache: { labels: PackedStrings; articles: Int32Array } | null = null;
  private vocabularyCache: Vocabulary | null = null;
  /** Bumped on every change of the corpus: what callers key their caches by. */
  generation = 0;

  constructor(private readonly postings = new PostingIndex()) {
    this.df = new TermCounts(postings);
  }

  /** Everything the index holds, as typed arrays and plain data for a snapshot (texts are read with `passageText`). */
  toState(): IndexState {
    const articles: IndexedArticleData[] = [];
    const counts: number[] = [];
    const ids: number[] = [];
    for (const { article, passageIds } of this.articles.values()) {
      articles.push(article);
      counts.push(passageIds.length);
      for (const id of passageIds) ids.push(id);
    }
    const slots = this.slotCount;
    return {
      articles,
      passageCounts: Int32Array.from(counts),
      passageIds: Int32Array.from(ids),
      passageHeadings: this.passageHeadings.slice(0, slots),
      headings: this.headings.toArray(),
      // In string order, as the capitals below.
      contextDf: this.contextDf.sortedEntries(),
      // In string order: a load then packs them without sorting (their order means nothing).
      capitalised: this.capitalised.sortedEntries().map(([word, packed]) => [word, capsOf(packed), lowersOf(packed)]),
      topicCounts: [...this.topicCounts],
      postings: this.postings.toState(),
      vocabulary: this.vocabulary().toState(),
    };
  }

  /** The index a snapshot holds, its passage texts in `textFile`; anything inconsistent throws, and the caller rebuilds. */
  static fromState(state: IndexState, textFile: TextFile): SearchIndex {
    const postings = PostingIndex.fromState(state.postings);
    const index = new SearchIndex(postings);
    const slots = state.postings.slots;
    if (state.passageHeadings.length !== slots || textFile.places.slots !== slots) throw new Error('passage tables disagree on the slot count');
    if (state.passageCounts.length !== state.articles.length) throw new Error('passage counts disagree with the articles');
    let at = 0;
    // Every article's passages follow the previous article's (as `add` numbers them).
    let next = 0;
    index.slots = new ArticleSlots(new ArticleTable(state.articles));
    state.articles.forEach((article, i) => {
      const n = state.passageCounts[i];
      if (!(n >= 0) || at + n > state.passageIds.length) throw new Error(`article ${article.id}: bad passage count`);
      const passageIds = state.passageIds.subarray(at, at + n);
      at += n;
      const first = n ? passageIds[0] : next;
      if (!(first >= next)) throw new Error(`article ${article.id}: passage ids out of order`);
      const ordinal = index.slots.push(article, first, true);
      passageIds.forEach((id) => {
        if (!(id >= 0 && id < slots) || state.postings.fieldLengths[id] < 0 || !textFile.places.has(id)) throw new Error(`article ${article.id}: bad passage id ${id}`);
        const h = state.passageHeadings[id];
        if (h < -1 || h >= state.headings.length) throw new Error(`passage ${id}: bad heading`);
        index.slots.addPassage(ordinal, id);
      });
      next = first + n;
    });
    if (at !== state.passageIds.length || at !== postings.passageCount) throw new Error(`passage counts disagree (${at}, ${state.passageIds.length}, ${postings.passageCount})`);
    if (next > slots) throw new Error('passage ids beyond the slots');
    index.slotCount = slots;
    index.passageHeadings = state.passageHeadings;
    index.headings = new PackedStrings(state.headings);
    index.headingIds = null;
    index.textFile = textFile;
    index.vocabularyCache = Vocabulary.fromState(postings.entries(), state.vocabulary.rank, state.vocabulary.sorted);
    for (const [term, n] of state.contextDf) if (!(n > 0)) throw new Error(`context term ${term}: bad count`);
    index.contextDf = PackedCounts.of(state.contextDf);
    index.capitalised = PackedCounts.of(
      state.capitalised.map(([word, cap, lower]): [string, number] => {
        if (!(cap >= 0 && lower >= 0 && cap < MAX_CAPS && lower < LOWER_RANGE && cap + lower > 0)) throw new Error(`capitals of ${word}: bad counts`);
        return [word, packCounts(cap, lower)];
      }),
    );
    for (const [label, n] of state.topicCounts) if (!(n > 0)) throw new Error(`topic ${label}: bad count`);
    index.topicCounts = PackedCounts.of(state.topicCounts);
    return index;
  }

  static build(articles: Article[]): SearchIndex {
    const index = new SearchIndex();
    index.postings.building = true;
    for (const a of articles) index.add(a);
    index.slots.trim();
    index.headings.trim();
    // In string order: looked up by every question, it needs no sort at the first.
    index.contextDf = PackedCounts.of(index.contextDf.sortedEntries());
    index.capitalised.pack();
    index.topicCounts.pack();
    // One arena for all the posting lists built one passage at a time.
    index.postings.building = false;
    index.postings.compact();
    return index;
  }

  get passageCount(): number {
    return this.postings.passageCount;
  }

  /** Length of the passage table: ids are below it (removed passages leave their slot empty). */
  get passageSlots(): number {
    return this.slotCount;
  }

  /**
   * The passages holding the terms, best first (at most `limit`): minisearch's OR search with these
   * boosts, to the last bit of its scores (see postings.ts).
   */
  search(terms: readonly string[], boost: (term: string) => number, limit: number): SearchHit[] {
    return this.postings.search(terms, boost, limit);
  }

  /**
   * The passages that hold a term within ranges of passage ids (ascending, not overlapping; an
   * article's passages are consecutive), in ascending order.
   */
  passagesWithin(term: string, ranges: readonly { from: number; to: number }[]): number[] {
    return this.postings.passagesWithin(term, ranges);
  }

  /**
   * From now on, read the texts of passages `textFile` holds from it rather than from memory (after
   * the snapshot of this index was written: the text is then held once, in the file).
   */
  useTextFile(textFile: TextFile): void {
    if (textFile.places.slots !== this.passageSlots) throw new Error('the text file is not of this index');
    for (const id of [...this.texts.keys()]) if (textFile.places.has(id)) this.texts.delete(id);
    this.textFile = textFile;
  }

  /** From now on, read the postings' arena from `file` (the snapshot of this index, just written). */
  useArenaFile(file: ArenaFile): void {
    this.postings.useArenaFile(file);
  }

  /** The text of a passage that is in the index. */
  passageText(id: number): string {
    const held = this.texts.get(id);
    if (held !== undefined) return held;
    const cached = this.textCache.get(id);
    if (cached !== undefined) return cached;
    const f = this.textFile;
    if (!f || this.articleIdOf(id) === undefined || !f.places.has(id)) throw new Error(`passage ${id} is not in the index`);
    const text = readText(f, id);
    if (this.textCache.size >= TEXT_CACHE) this.textCache.delete(this.textCache.keys().next().value!);
    this.textCache.set(id, text);
    return text;
  }

  add(article: Article): void {
    if (this.articles.has(article.id)) this.remove(article.id);
    this.changed();
    const data = withoutBody(article);
    const ordinal = this.slots.push(data, this.slotCount);
    const topicsHere = new Set<string>();
    const passages = cutPassages(article);
    this.countContext(data, passages.map((p) => p.heading), 1);
    for (const p of passages) {
      const id = this.slotCount++;
      this.passageHeadings = growInt32(this.passageHeadings, id + 1);
      this.passageHeadings[id] = p.heading === null ? -1 : this.headingId(p.heading);
      this.texts.set(id, p.text);
      this.slots.addPassage(ordinal, id);
      const analysed = analyze(p.text, article.lang);
      // The terms as minisearch took them: joined by spaces, split again (the field lengths count them so).
      const terms = analysed
        .map((t) => t.term)
        .join(' ')
        .split(' ')
        .filter(Boolean);
      this.postings.add(id, terms);
      this.countCapitals(p.text, analysed, 1);
      for (const label of namesIn(p.text)) topicsHere.add(label);
    }
    for (const label of topicsHere) this.countTopic(label, 1);
  }

  remove(articleId: string): void {
    const entry = this.slots.get(articleId);
    if (!entry) return;
    this.changed();
    const topicsHere = new Set<string>();
    this.countContext(entry.article, entry.passageIds.map((id) => this.headingOf(id)), -1);
    for (const id of entry.passageIds) {
      const text = this.passageText(id);
      const analysed = analyze(text, entry.lang);
      this.postings.remove(id, analysed.map((t) => t.term).join(' ').split(' ').filter(Boolean));
      this.countCapitals(text, analysed, -1);
      for (const label of namesIn(text)) topicsHere.add(label);
      this.texts.delete(id);
      this.textCache.delete(id);
      this.analyzed.delete(id);
    }
    for (const label of topicsHere) this.countTopic(label, -1);
    this.slots.delete(articleId);
  }

  private headingId(heading: string): number {
    if (!this.headingIds) {
      this.headingIds = new Map<string, number>();
      this.headings.toArray().forEach((h, i) => this.headingIds!.set(h, i));
    }
    let id = this.headingIds.get(heading);
    if (id === undefined) {
      id = this.headings.push(heading);
      this.headingIds.set(heading, id);
    }
    return id;
  }

  private headingOf(id: number): string | null {
    const h = this.passageHeadings[id];
    return h < 0 ? null : this.headings.get(h);
  }

  /** The article id of passage `id`, undefined when there is no such passage. */
  articleIdOf(id: number): string | undefined {
    if (!(id >= 0 && id < this.slotCount)) return undefined;
    const ordinal = this.slots.ownerOf(id);
    return ordinal < 0 ? undefined : this.slots.idAt(ordinal);
  }

  private ownerOf(id: number): ArticleEntry | undefined {
    if (!(id >= 0 && id < this.slotCount)) return undefined;
    const ordinal = this.slots.ownerOf(id);
    return ordinal < 0 ? undefined : new ArticleEntry(this.slots, ordinal);
  }

  passage(id: number): IndexedPassage {
    const entry = this.ownerOf(id);
    if (entry === undefined) throw new Error(`passage ${id} is not in the index`);
    return { id, articleId: entry.id, position: entry.positionOf(id), text: this.passageText(id), heading: this.headingOf(id) };
  }

  articleOf(passageId: number): IndexedArticle {
    const entry = this.ownerOf(passageId);
    if (entry === undefined) throw new Error(`passage ${passageId} is not in the index`);
    return entry;
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
    return Math.log(1 + (this.passageCount + 1) / (df + 0.5));
  }

  private countContext(article: IndexedArticleData, headings: (string | null)[], delta: number): void {
    const texts = new Set([article.title, ...headings.map((h) => h ?? '')]);
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
    const packed = this.capitalised.get(word);
    if (packed === undefined) return false;
    const cap = capsOf(packed);
    return cap >= 1 && lowersOf(packed) <= cap * PROPER_LOWER_SHARE;
  }

  /** Sentences, terms and entities of a passage, computed when first needed and kept a while. */
  analysedPassage(id: number): AnalyzedPassage {
    const cached = this.analyzed.get(id);
    if (cached) return cached;
    const p = this.passage(id);
    const lang = this.slots.get(p.articleId)!.lang;
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
    if (this.analyzed.size >= ANALYSIS_CACHE) this.analyzed.delete(this.analyzed.keys().next().value!);
    this.analyzed.set(id, result);
    return result;
  }

  private changed(): void {
    this.topicsCache = null;
    this.vocabularyCache = null;
    this.generation++;
  }

  /** The index terms for typo and prefix look-ups, made when first needed after a change. */
  vocabulary(): Vocabulary {
    this.vocabularyCache ??= Vocabulary.of(this.postings.entries());
    return this.vocabularyCache;
  }

  /** Names, most common first, for autocomplete and suggestions. */
  topics(): Topic[] {
    // Callers get their own copy: the list is the same until the corpus changes.
    if (!this.topicsCache) {
      const topics = this.computeTopics();
      this.topicsCache = { labels: new PackedStrings(topics.map((t) => t.label)), articles: Int32Array.from(topics, (t) => t.articles) };
      return topics;
    }
    const { labels, articles } = this.topicsCache;
    return Array.from({ length: labels.length }, (_, i) => ({ label: labels.get(i), articles: articles[i] }));
  }

  /** Whether the corpus writes this name, as a run of capitalised words (`Scale AI`, `Robben Island`). */
  writesName(label: string): boolean {
    // As written, not folded: a folded copy of every name would cost ~15 MB at 100,000 articles.
    return this.topicCounts.has(label);
  }

  private computeTopics(): Topic[] {
    // The ways of writing one name (folded alike) make one topic, labelled by the commonest (the
    // first met among equals); the article counts add up.
    const byName = new Map<string, Topic & { best: number }>();
    for (const [label, n] of this.topicCounts) {
      const key = fold(label);
      const topic = byName.get(key);
      if (!topic) byName.set(key, { label, articles: n, best: n });
      else {
        topic.articles += n;
        if (n > topic.best) [topic.label, topic.best] = [label, n];
      }
    }
    const out = [...byName.values()].map(({ label, articles }) => ({ label, articles }));
    return out.sort((a, b) => b.articles - a.articles || a.label.localeCompare(b.label));
  }

  private countTopic(label: string, delta: number): void {
    const n = (this.topicCounts.get(label) ?? 0) + delta;
    if (n <= 0) this.topicCounts.delete(label);
    else this.topicCounts.set(label, n);
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
      const packed = this.capitalised.get(word) ?? 0;
      let cap = capsOf(packed);
      let lower = lowersOf(packed);
      if (/^\p{Lu}/u.test(written)) cap += delta;
      else lower += delta;
      // (A removal takes back exactly what adding the same text counted: counts never go below zero.)
      if (cap <= 0 && lower <= 0) this.capitalised.delete(word);
      else this.capitalised.set(word, packCounts(cap, lower));
    }
  }
}

/**
 * Strings packed as UTF-8 in one buffer with their end offsets, decoded one at a time when read: a
 * few bytes each instead of a heap string and a pointer (160,000 headings at 100,000 articles were
 * about 15 MB of heap). A string UTF-8 cannot carry (a lone surrogate) is kept as it is, aside.
 */
class PackedStrings {
  private bytes = Buffer.alloc(0);
  private ends: Int32Array = new Int32Array(0);
  private count = 0;
  private used = 0;
  private readonly unpackable = new Map<number, string>();

  constructor(strings: readonly string[] = []) {
    const total = strings.reduce((n, s) => n + Buffer.byteLength(s), 0);
    this.bytes = Buffer.alloc(total);
    this.ends = new Int32Array(strings.length);
    for (const s of strings) this.push(s);
  }

  get length(): number {
    return this.count;
  }

  /** Appends `s`; returns its index. */
  push(s: string): number {
    const i = this.count++;
    this.ends = growInt32(this.ends, this.count);
    if (/\p{Cs}/u.test(s)) this.unpackable.set(i, s);
    else {
      const n = Buffer.byteLength(s);
      if (this.used + n > this.bytes.length) {
        const next = Buffer.alloc(Math.max(this.used + n, this.bytes.length * 2, 1024));
        this.bytes.copy(next, 0, 0, this.used);
        this.bytes = next;
      }
      this.used += this.bytes.write(s, this.used, 'utf8');
    }
    this.ends[i] = this.used;
    return i;
  }

  get(i: number): string {
    return this.unpackable.get(i) ?? this.bytes.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }

  toArray(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.get(i));
  }

  /** Gives back the room left for more (the buffers double as they grow). */
  trim(): void {
    if (this.bytes.length > this.used) this.bytes = Buffer.from(this.bytes.subarray(0, this.used));
    if (this.ends.length > this.count) this.ends = this.ends.slice(0, this.count);
  }
}

/**
 * A Map of strings to positive numbers for the index's large tables (names as written, capitals of
 * each word: ~400,000 entries at 100,000 articles, 35 MB as Maps): the keys packed as UTF-8 with a
 * sorted order for look-ups by binary search, the numbers in a typed array, off the heap. Entries
 * set since the last `pack` (a build's, a live update's) are in a plain Map until the next one.
 * Iterates in a Map's order: the order keys were first set, a key deleted and set again last.
 */
export class PackedCounts {
  private keys = new PackedStrings();
  /** Per packed key: its number, or DELETED. */
  private values = new Float64Array(0);
  /** Packed keys in string order; made at the first look-up when they were not packed in that order. */
  private sortedCache: Int32Array | null = new Int32Array(0);
  private packedLive = 0;
  private readonly recent = new Map<string, number>();

  static of(entries: readonly [string, number][]): PackedCounts {
    const table = new PackedCounts();
    table.packEntries(entries);
    return table;
  }

  get size(): number {
    return this.packedLive + this.recent.size;
  }

  get(key: string): number | undefined {
    const recent = this.recent.get(key);
    if (recent !== undefined) return recent;
    const i = this.find(key);
    return i < 0 || this.values[i] === DELETED ? undefined : this.values[i];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: number): void {
    if (!(value > 0)) throw new Error(`${key}: counts are positive`);
    if (!this.recent.has(key)) {
      const i = this.find(key);
      if (i >= 0 && this.values[i] !== DELETED) {
        this.values[i] = value;
        return;
      }
    }
    this.recent.set(key, value);
  }

  delete(key: string): void {
    if (this.recent.delete(key)) return;
    const i = this.find(key);
    if (i >= 0 && this.values[i] !== DELETED) {
      this.values[i] = DELETED;
      this.packedLive--;
    }
  }

  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (let i = 0; i < this.keys.length; i++) if (this.values[i] !== DELETED) yield [this.keys.get(i), this.values[i]];
    yield* this.recent;
  }

  /** Moves every entry into the packed part (after a build). */
  pack(): void {
    this.packEntries([...this]);
  }

  private packEntries(entries: readonly [string, number][]): void {
    // Entries in string order (a snapshot writes the capitals so) need no sort, and cannot repeat a key.
    let ascending = true;
    for (let i = 1; i < entries.length && ascending; i++) ascending = entries[i - 1][0] < entries[i][0];
    if (!ascending) {
      const seen = new Set<string>();
      for (const [key] of entries) {
        if (seen.has(key)) throw new Error(`${key} given twice`);
        seen.add(key);
      }
    }
    this.keys = new PackedStrings(entries.map(([key]) => key));
    this.values = Float64Array.from(entries, ([, value]) => value);
    // (Otherwise sorted at the first look-up: the names are looked up only by live updates.)
    this.sortedCache = ascending ? Int32Array.from(entries.keys()) : null;
    this.packedLive = entries.length;
    this.recent.clear();
  }

  private get sorted(): Int32Array {
    if (!this.sortedCache) {
      const keys = this.keys.toArray();
      this.sortedCache = Int32Array.from(keys.keys()).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    }
    return this.sortedCache;
  }

  /** The packed place of `key`, −1 when it is not packed. */
  private find(key: string): number {
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys.get(sorted[mid]) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && this.keys.get(sorted[lo]) === key ? sorted[lo] : -1;
  }

  /** The entries in string order (for a snapshot, whose load then sorts nothing). */
  sortedEntries(): [string, number][] {
    return [...this].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** A packed key's number once its key is deleted (the counts are positive). */
const DELETED = 0;

/**
 * Articles' metadata (without bodies) by ordinal, packed: per article a JSON array of its title,
 * source, url, date and added time (its id and language are in its entry), about 200 bytes off the
 * heap instead of ~430 of heap objects and strings (43 MB at 100,000 articles). Decoded when read:
 * the look-ups read an article's id and language, which its entry keeps; the rest is read for the
 * few articles an answer cites.
 */
class ArticleTable {
  private readonly lines: PackedStrings;
  /** Title terms by ordinal, for the articles of the passages lately analysed (kept by each article, they grew with every article met). */
  private readonly titles = new Map<number, Set<string>>();
  constructor(articles: readonly IndexedArticleData[] = []) {
    this.lines = new PackedStrings(articles.map(ArticleTable.line));
  }
  private static line(a: IndexedArticleData): string {
    return JSON.stringify([a.title, a.source, a.url, a.date, a.added]);
  }
  /** Appends an article; returns its ordinal. */
  push(article: IndexedArticleData): number {
    return this.lines.push(ArticleTable.line(article));
  }
  get(ordinal: number, id: string, lang: string): IndexedArticleData {
    const [title, source, url, date, added] = JSON.parse(this.lines.get(ordinal)) as [string, string | null, string | null, string | null, string];
    return { id, title, source, url, date, lang, added };
  }
  get length(): number {
    return this.lines.length;
  }
  /** Gives back the room left for more (after a build). */
  trim(): void {
    this.lines.trim();
  }
  titleTerms(ordinal: number, id: string, lang: string): Set<string> {
    let terms = this.titles.get(ordinal);
    if (!terms) {
      terms = new Set(termsOf(this.get(ordinal, id, lang).title, lang));
      // As many as the passage analyses kept: a passage's article is read with its analysis.
      if (this.titles.size >= ANALYSIS_CACHE) this.titles.delete(this.titles.keys().next().value!);
      this.titles.set(ordinal, terms);
    }
    return terms;
  }
}

/**
 * A word's capitalised and lower-case counts in one number: caps × LOWER_RANGE + lowers, exact for
 * caps below MAX_CAPS (2^53 / 2^30, 8 million: far beyond any corpus's count of one word).
 */
const LOWER_RANGE = 2 ** 30;
const MAX_CAPS = 2 ** 23;
const packCounts = (cap: number, lower: number) => cap * LOWER_RANGE + lower;
const capsOf = (packed: number) => Math.floor(packed / LOWER_RANGE);
const lowersOf = (packed: number) => packed % LOWER_RANGE;

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

function readText(f: TextFile, id: number): string {
  const length = f.places.length(id);
  const start = f.places.start(id);
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = readSync(f.fd, buffer, read, length - read, f.base + start + read);
    if (n === 0) throw new Error(`passage ${id}: the snapshot file ends early`);
    read += n;
  }
  return buffer.toString('utf8');
}
