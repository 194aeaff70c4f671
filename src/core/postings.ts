// The inverted index behind SearchIndex: terms interned to integer ids, each term's posting list
// (passage ids and term frequencies) varint-encoded in one shared byte arena, field lengths in a
// typed array. It replaces minisearch's Maps of Maps (one JS entry per term and passage, most of
// the heap) and scores exactly as minisearch 7 does for the one query veille sends it: an OR of
// single terms in one field, each weighted by a boost, BM25+ (k 1.2, b 0.7, d 0.5), the sum
// multiplied by the number of query terms matched, sorted by score with ties in the order
// minisearch meets them. The answer model was fitted on those scores: they must not move.
//
// A posting is varint(2 × (id − previous id) + [tf > 1]) then, when tf > 1, varint(tf − 2); ids
// ascend within a list (passages only ever get new, larger ids). Lists appended to after the last
// compaction live in their own growable buffer until the next one. A removed passage is a
// tombstone (field length −1) skipped by searches, until enough of them make a compaction pay.
//
// The arena of an index loaded from (or saved to) a snapshot stays in the file: a term's list is
// read with a positioned read when a search needs it (the page cache keeps the file, not the
// process: 48 MB at 100,000 articles), until a compaction rewrites the lists into memory.
import { readSync } from 'node:fs';

const K = 1.2;
const B = 0.7;
const D = 0.5;
/** Compact when removed passages are this share of the live ones (minisearch's vacuum: 0.1 and 20). */
const DIRT_SHARE = 0.1;
const DIRT_FLOOR = 20;
/** Compact when lists grown outside the arena hold this share of its size (1 MB at least). */
const LOOSE_SHARE = 0.25;
const LOOSE_FLOOR = 1 << 20;

export interface SearchHit {
  /** Passage id. */
  id: number;
  score: number;
}

/** A growable list of one term's postings, outside the arena. */
interface LooseList {
  bytes: Uint8Array;
  length: number;
}

/** Where the arena is when it is not in memory: a section of an open snapshot file. */
export interface ArenaFile {
  fd: number;
  /** Byte offset of the arena in the file, and its length. */
  base: number;
  bytes: number;
}

/** Everything a PostingIndex is, as typed arrays and numbers: what a binary snapshot writes. */
export interface PostingState {
  terms: string[];
  /** Per term: live postings, last passage id, start and byte length in the arena. */
  counts: Int32Array;
  lasts: Int32Array;
  starts: Float64Array;
  lengths: Int32Array;
  /** The lists (or, with `arenaFile`, empty: they are in the file). */
  arena: Uint8Array;
  arenaFile?: ArenaFile;
  /** Per passage slot: its field length (distinct terms), −1 when there is no passage. */
  fieldLengths: Int32Array;
  slots: number;
  live: number;
  averageFieldLength: number;
}

function grow<T extends Int32Array | Float64Array>(a: T, needed: number, fill?: number): T {
  if (needed <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(needed, a.length * 2, 64));
  next.set(a);
  if (fill !== undefined) next.fill(fill, a.length);
  return next;
}

export class PostingIndex {
  private termIds = new TermIds([]);
  /** Terms by id, in the order first met. */
  private get terms(): readonly string[] {
    return this.termIds.terms;
  }
  private counts: Int32Array = new Int32Array(0);
  private lasts: Int32Array = new Int32Array(0);
  private starts: Float64Array = new Float64Array(0);
  private lengths: Int32Array = new Int32Array(0);
  private arena: Uint8Array = new Uint8Array(0);
  /** When set, the arena is there and `arena` is empty. */
  private arenaFile: ArenaFile | null = null;
  /** Where a list read from the file is put (reused: lists are read one at a time). */
  private listBuffer = new Uint8Array(0);
  private readonly loose = new Map<number, LooseList>();
  /** Bytes allocated to the lists outside the arena. */
  private looseBytes = 0;
  private fieldLengths: Int32Array = new Int32Array(0);
  private slots = 0;
  private live = 0;
  private dead = 0;
  /** minisearch's running average, updated the way it does (the rounding matters to the scores). */
  private averageFieldLength = 0;
  /** Scratch of the searches whose candidates are few (kept: most searches are of that kind). */
  private sparse = new SparseScores(0);

  get passageCount(): number {
    return this.live;
  }

  /** How many live passages hold the term (0 when none). */
  count(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.counts[id];
  }

  /**
   * The live passages that hold the term within the given ranges of passage ids (ascending, not
   * overlapping), in ascending order: the list is read once, up to the last range, and nothing
   * outside them is kept.
   */
  passagesWithin(term: string, ranges: readonly { from: number; to: number }[]): number[] {
    const tid = this.termIds.get(term);
    if (tid === undefined || this.counts[tid] === 0 || !ranges.length) return [];
    const out: number[] = [];
    const [bytes, from, end] = this.listBytes(tid);
    let p = from;
    let id = -1;
    let r = 0;
    while (p < end) {
      const value = varintAt(bytes, p);
      p = varintEnd;
      id += Math.floor(value / 2);
      // The term's count in the passage, when above one: not needed here.
      if (value % 2 === 1) {
        varintAt(bytes, p);
        p = varintEnd;
      }
      while (r < ranges.length && id > ranges[r].to) r++;
      if (r === ranges.length) break;
      if (id >= ranges[r].from && this.fieldLengths[id] >= 0) out.push(id);
    }
    return out;
  }

  /** Terms held by at least one live passage, with their counts, in the order they were first met. */
  *entries(): IterableIterator<[string, number]> {
    for (let id = 0; id < this.terms.length; id++) if (this.counts[id] > 0) yield [this.terms[id], this.counts[id]];
  }

  /** Adds passage `id` (larger than every id added before) with its terms, in text order. */
  add(id: number, terms: readonly string[]): void {
    if (id < this.slots) throw new Error(`passage ${id} is not new`);
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    this.fieldLengths = grow(this.fieldLengths, id + 1, -1);
    this.fieldLengths.fill(-1, this.slots, id);
    this.fieldLengths[id] = tf.size;
    this.slots = id + 1;
    this.averageFieldLength = (this.averageFieldLength * this.live + tf.size) / (this.live + 1);
    this.live++;
    for (const [term, n] of tf) {
      let tid = this.termIds.get(term);
      if (tid === undefined) {
        tid = this.termIds.add(term);
        this.counts = grow(this.counts, tid + 1);
        this.lasts = grow(this.lasts, tid + 1);
        this.starts = grow(this.starts, tid + 1);
        this.lengths = grow(this.lengths, tid + 1);
        this.lasts[tid] = -1;
      }
      this.counts[tid]++;
      this.append(tid, id, n);
    }
    // Articles added one by one at run time: their lists go back into the arena now and then.
    // (A build compacts once, at its end.)
    if (!this.building && this.looseBytes > Math.max(LOOSE_FLOOR, this.arenaLength * LOOSE_SHARE)) this.compact();
  }

  private get arenaLength(): number {
    return this.arenaFile ? this.arenaFile.bytes : this.arena.length;
  }

  /**
   * A term's postings as they are now: [bytes, from, to] — its list outside the arena, or its part
   * of the arena (read from the file into a buffer reused by the next call, when the arena is there).
   */
  private listBytes(tid: number): [Uint8Array, number, number] {
    const list = this.loose.get(tid);
    if (list) return [list.bytes, 0, list.length];
    const start = this.starts[tid];
    const length = this.lengths[tid];
    if (!this.arenaFile) return [this.arena, start, start + length];
    if (this.listBuffer.length < length) this.listBuffer = new Uint8Array(Math.max(length, this.listBuffer.length * 2, 4096));
    readRange(this.arenaFile, this.listBuffer, length, start);
    return [this.listBuffer, 0, length];
  }

  /** From now on, read the arena from `file` (it holds these very bytes: the snapshot just written). */
  useArenaFile(file: ArenaFile): void {
    if (this.loose.size || this.dead || file.bytes !== this.arenaLength) throw new Error('the arena file is not of this index');
    this.arenaFile = file;
    this.arena = new Uint8Array(0);
  }

  /** While true, `add` never compacts (a build adds everything, then compacts once). */
  building = false;

  /** Removes passage `id`, whose distinct terms are `terms`; its postings stay as a tombstone until the next compaction. */
  remove(id: number, terms: Iterable<string>): void {
    if (id >= this.slots || this.fieldLengths[id] < 0) return;
    const length = this.fieldLengths[id];
    this.averageFieldLength = this.live === 1 ? 0 : (this.averageFieldLength * this.live - length) / (this.live - 1);
    this.live--;
    this.fieldLengths[id] = -1;
    for (const term of new Set(terms)) {
      const tid = this.termIds.get(term);
      if (tid !== undefined && this.counts[tid] > 0) this.counts[tid]--;
    }
    this.dead++;
    if (this.dead >= DIRT_FLOOR && this.dead >= this.live * DIRT_SHARE) this.compact();
  }

  private append(tid: number, id: number, tf: number): void {
    let list = this.loose.get(tid);
    if (!list) {
      // First change since the last compaction: the list leaves the arena.
      const [bytes, from, to] = this.listBytes(tid);
      const length = to - from;
      list = { bytes: new Uint8Array(Math.max(8, length * 2)), length };
      list.bytes.set(bytes.subarray(from, to));
      this.loose.set(tid, list);
      this.looseBytes += list.bytes.length;
    }
    if (list.bytes.length - list.length < 12) {
      const bytes = new Uint8Array(list.bytes.length * 2);
      bytes.set(list.bytes.subarray(0, list.length));
      this.looseBytes += bytes.length - list.bytes.length;
      list.bytes = bytes;
    }
    list.length = writePosting(list.bytes, list.length, id - this.lasts[tid], tf);
    this.lasts[tid] = id;
  }

  /** Rewrites every list into one arena, without the postings of removed passages. */
  compact(): void {
    // Nothing outside the arena, nothing removed: it is compact already (and stays where it is).
    if (this.loose.size === 0 && this.dead === 0) return;
    let total = 0;
    for (let tid = 0; tid < this.terms.length; tid++) total += this.loose.get(tid)?.length ?? this.lengths[tid];
    const arena = new Uint8Array(total);
    let at = 0;
    const clean = this.dead > 0;
    for (let tid = 0; tid < this.terms.length; tid++) {
      const [bytes, from, to] = this.listBytes(tid);
      this.starts[tid] = at;
      if (!clean) {
        arena.set(bytes.subarray(from, to), at);
        at += to - from;
      } else {
        let last = -1;
        let kept = -1;
        for (let p = from; p < to; ) {
          const [value, next1] = readVarint(bytes, p);
          last += Math.floor(value / 2);
          let tf = 1;
          p = next1;
          if (value & 1) {
            const [extra, next2] = readVarint(bytes, p);
            tf = extra + 2;
            p = next2;
          }
          if (this.fieldLengths[last] < 0) continue;
          at = writePosting(arena, at, last - kept, tf);
          kept = last;
        }
        this.lasts[tid] = kept;
      }
      this.lengths[tid] = at - this.starts[tid];
    }
    this.arena = clean ? arena.slice(0, at) : arena;
    this.arenaFile = null;
    this.loose.clear();
    this.looseBytes = 0;
    this.dead = 0;
  }

  /**
   * minisearch's `search({ queries: terms, combineWith: 'OR' }, { boostTerm })` over this index,
   * its first `limit` results. Each term's score is its BM25+ weight in each passage times its
   * boost, summed over the terms in query order; the sum is multiplied by how many distinct terms
   * matched; the order is by score, ties in the order passages were first met (term by term, ids
   * ascending), as minisearch's stable sort of its result Map leaves them.
   */
  search(terms: readonly string[], boost: (term: string) => number, limit: number): SearchHit[] {
    // The terms first: how many postings they hold bounds how many passages the search meets.
    const plan: { tid: number; termBoost: number; first: boolean }[] = [];
    const seen = new Set<string>();
    let bound = 0;
    for (const term of terms) {
      const tid = this.termIds.get(term);
      if (tid === undefined || this.counts[tid] === 0) continue;
      // A term given twice adds its score twice but counts once (minisearch's assignUniqueTerm).
      plan.push({ tid, termBoost: boost(term), first: !seen.has(term) });
      if (!seen.has(term)) bound += this.counts[tid];
      seen.add(term);
    }
    if (!plan.length) return [];
    // Dense arrays over every passage when many are met; else a table of the passages met.
    const scores = bound > this.slots * DENSE_SHARE ? new DenseScores(this.slots, bound, seen.size) : this.sparseScores(bound, seen.size);
    const { fieldLengths } = this;
    const avg = this.averageFieldLength;
    for (const { tid, termBoost, first } of plan) {
      const matchingCount = this.counts[tid];
      const invDocFreq = Math.log(1 + (this.live - matchingCount + 0.5) / (matchingCount + 0.5));
      const [bytes, from, end] = this.listBytes(tid);
      let p = from;
      let id = -1;
      while (p < end) {
        // Inline varint reads: this loop is the search (varintAt is the same read, for the loops that are not).
        let value = bytes[p++];
        if (value >= 0x80) {
          value &= 0x7f;
          let shift = 7;
          let b: number;
          do {
            b = bytes[p++];
            value += (b & 0x7f) * 2 ** shift;
            shift += 7;
          } while (b >= 0x80);
        }
        id += Math.floor(value / 2);
        let termFreq = 1;
        if (value % 2 === 1) {
          termFreq = varintAt(bytes, p) + 2;
          p = varintEnd;
        }
        const fieldLength = fieldLengths[id];
        if (fieldLength < 0) continue;
        // minisearch's calcBM25Score, written the same way (the order of operations sets the rounding).
        const rawScore = invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + K * (1 - B + (B * fieldLength) / avg)));
        scores.add(id, termBoost * rawScore, first);
      }
    }
    const hits = topHits(scores, limit);
    scores.clear();
    return hits;
  }

  /** The kept table for `bound` passages at most, grown when it is too small. */
  private sparseScores(bound: number, terms: number): SparseScores {
    if (this.sparse.capacity < bound || !this.sparse.fits(terms)) this.sparse = new SparseScores(Math.max(bound, this.sparse.capacity), terms);
    return this.sparse;
  }

  toState(): PostingState {
    this.compact();
    return {
      terms: this.terms as string[],
      counts: this.counts.subarray(0, this.terms.length),
      lasts: this.lasts.subarray(0, this.terms.length),
      starts: this.starts.subarray(0, this.terms.length),
      lengths: this.lengths.subarray(0, this.terms.length),
      arena: this.arenaFile ? this.arenaFromFile(this.arenaFile) : this.arena,
      fieldLengths: this.fieldLengths.subarray(0, this.slots),
      slots: this.slots,
      live: this.live,
      averageFieldLength: this.averageFieldLength,
    };
  }

  /** A copy of the arena read from its file (for a snapshot of this index). */
  private arenaFromFile(file: ArenaFile): Uint8Array {
    const arena = new Uint8Array(file.bytes);
    readRange(file, arena, file.bytes, 0);
    return arena;
  }

  /** The index a state describes; throws when its parts do not fit together. */
  static fromState(s: PostingState): PostingIndex {
    const n = s.terms.length;
    if ([s.counts, s.lasts, s.starts, s.lengths].some((a) => a.length !== n)) throw new Error('posting tables disagree on the term count');
    if (s.fieldLengths.length !== s.slots) throw new Error('field lengths disagree with the passage slots');
    let live = 0;
    for (let i = 0; i < s.slots; i++) if (s.fieldLengths[i] >= 0) live++;
    if (live !== s.live) throw new Error(`${live} live passages, the state says ${s.live}`);
    if (!Number.isFinite(s.averageFieldLength) || s.averageFieldLength < 0) throw new Error('bad average field length');
    const index = new PostingIndex();
    const arenaLength = s.arenaFile ? s.arenaFile.bytes : s.arena.length;
    for (let tid = 0; tid < n; tid++) {
      const start = s.starts[tid];
      const length = s.lengths[tid];
      if (!(start >= 0 && length >= 0 && start + length <= arenaLength)) throw new Error(`term ${tid}: postings out of bounds`);
      if (s.counts[tid] < 0 || s.lasts[tid] >= s.slots) throw new Error(`term ${tid}: bad count or last id`);
    }
    index.termIds = new TermIds(s.terms);
    index.counts = s.counts;
    index.lasts = s.lasts;
    index.starts = s.starts;
    index.lengths = s.lengths;
    index.arena = s.arenaFile ? new Uint8Array(0) : s.arena;
    index.arenaFile = s.arenaFile ?? null;
    index.fieldLengths = s.fieldLengths;
    index.slots = s.slots;
    index.live = s.live;
    index.averageFieldLength = s.averageFieldLength;
    return index;
  }
}

/**
 * Term → id: the ids in an open-addressing table (a typed array, linear probing, at most half
 * full) under a hash of the term, checked against the list of terms. A Map of the 238,000 terms of
 * 100,000 articles held 7 MB of heap; the table is 2 MB.
 */
class TermIds {
  /** Per table slot: 1 + a term id, 0 for none. */
  private table: Int32Array;
  /** `terms`: each term once (throws otherwise), its id its place. */
  constructor(readonly terms: string[]) {
    this.table = new Int32Array(TermIds.sizeFor(terms.length));
    terms.forEach((term, id) => {
      if (this.get(term) !== undefined) throw new Error(`term ${id} given twice`);
      this.put(term, id);
    });
  }

  private static sizeFor(count: number): number {
    return 2 ** Math.max(4, Math.ceil(Math.log2(count * 2 + 1)));
  }

  get(term: string): number | undefined {
    const { table, terms } = this;
    const mask = table.length - 1;
    for (let at = hashOf(term) & mask; ; at = (at + 1) & mask) {
      const entry = table[at];
      if (entry === 0) return undefined;
      if (terms[entry - 1] === term) return entry - 1;
    }
  }

  /** Adds a term not there yet; returns its id. */
  add(term: string): number {
    const id = this.terms.length;
    this.terms.push(term);
    if ((id + 1) * 2 > this.table.length) {
      this.table = new Int32Array(TermIds.sizeFor(id + 1));
      this.terms.forEach((t, i) => this.put(t, i));
    } else this.put(term, id);
    return id;
  }

  private put(term: string, id: number): void {
    const { table } = this;
    const mask = table.length - 1;
    let at = hashOf(term) & mask;
    while (table[at] !== 0) at = (at + 1) & mask;
    table[at] = id + 1;
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Reads `length` bytes of the arena file from `at` (within the arena) into `into`. */
function readRange(file: ArenaFile, into: Uint8Array, length: number, at: number): void {
  let done = 0;
  while (done < length) {
    const n = readSync(file.fd, into, done, length - done, file.base + at + done);
    if (n === 0) throw new Error('the snapshot file ends early');
    done += n;
  }
}

function writePosting(bytes: Uint8Array, at: number, delta: number, tf: number): number {
  at = writeVarint(bytes, at, delta * 2 + (tf > 1 ? 1 : 0));
  return tf > 1 ? writeVarint(bytes, at, tf - 2) : at;
}

function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    bytes[at++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  bytes[at++] = value;
  return at;
}

/** Where the varint `varintAt` last read ends: a module scratch, so that the loops over postings make no tuple a posting. */
let varintEnd = 0;

/** The varint at `p` of a list known to be whole (its end in `varintEnd`). */
function varintAt(bytes: Uint8Array, p: number): number {
  let value = bytes[p++];
  if (value >= 0x80) {
    value &= 0x7f;
    let shift = 7;
    let b: number;
    do {
      b = bytes[p++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b >= 0x80);
  }
  varintEnd = p;
  return value;
}

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length || shift > 49) throw new Error('bad varint');
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}

/**
 * A search's sums: per passage met, its score so far (the terms' weights added in query order, as
 * minisearch adds them: the rounding must not move) and how many distinct terms matched it, in the
 * order passages were first met (the order ties keep).
 */
interface ScoreSums {
  /** How many passages were met; `idAt(i)`, `finalAt(i)`: the i-th met, its score × terms matched. */
  readonly size: number;
  idAt(i: number): number;
  finalAt(i: number): number;
  add(id: number, weighted: number, firstOfTerm: boolean): void;
  clear(): void;
}

/**
 * Above this share of the passages met (the bound: the terms' posting counts), a search sums into
 * arrays over every passage (10 bytes each), made for it and dropped after: a table of the passages
 * met costs about 22 bytes each and is slower to reach, so past a quarter it would be both larger
 * and slower. Below it (every question whose rarer terms are looked up, see rank.ts), the table is
 * kept between searches and holds only what searches meet: at 100,000 articles the arrays over all
 * 1.7 million passages were 27 MB held for good.
 */
const DENSE_SHARE = 0.25;

/** A count of matched terms: 16 bits while a query has fewer distinct terms than that. */
type MatchCounts = Uint16Array | Int32Array;
const matchCounts = (n: number, terms: number): MatchCounts => (terms < 0xffff ? new Uint16Array(n) : new Int32Array(n));

class DenseScores implements ScoreSums {
  private readonly scores: Float64Array;
  private readonly matched: MatchCounts;
  private met: Int32Array;
  size = 0;
  constructor(slots: number, bound: number, terms: number) {
    this.scores = new Float64Array(slots);
    this.matched = matchCounts(slots, terms);
    this.met = new Int32Array(Math.max(1, Math.min(bound, slots)));
  }
  idAt(i: number): number {
    return this.met[i];
  }
  finalAt(i: number): number {
    const id = this.met[i];
    return this.scores[id] * this.matched[id];
  }
  add(id: number, weighted: number, firstOfTerm: boolean): void {
    if (this.matched[id] === 0) {
      this.scores[id] = weighted;
      this.matched[id] = 1;
      // (The bound is the terms' live postings: more passages met means counts gone wrong; still counted.)
      if (this.size === this.met.length) this.met = grow(this.met, this.size + 1);
      this.met[this.size++] = id;
    } else {
      this.scores[id] = this.scores[id] + weighted;
      if (firstOfTerm) this.matched[id]++;
    }
  }
  clear(): void {
    // Made for one search, then dropped.
  }
}

/** The passages met, in an open-addressing table of their ids (linear probing, at most half full). */
class SparseScores implements ScoreSums {
  /** Per passage met, in the order met: its id, score and terms matched. */
  private ids: Int32Array;
  private scores: Float64Array;
  private matched: MatchCounts;
  /** Per table slot: 1 + the place in `ids` of the passage there, 0 for none. */
  private table: Int32Array;
  private shift: number;
  size = 0;
  constructor(
    public capacity: number,
    terms = 1,
  ) {
    this.ids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.matched = matchCounts(capacity, terms);
    const bits = Math.max(4, Math.ceil(Math.log2(capacity * 2 + 1)));
    this.table = new Int32Array(2 ** bits);
    this.shift = 32 - bits;
  }
  /** Twice the room, the passages met so far kept (only when the bound was wrong: see DenseScores.add). */
  private grow(): void {
    const bigger = new SparseScores(Math.max(16, this.capacity * 2), this.matched instanceof Int32Array ? 0xffff : 1);
    for (let i = 0; i < this.size; i++) {
      bigger.add(this.ids[i], this.scores[i], true);
      bigger.matched[i] = this.matched[i];
    }
    ({ ids: this.ids, scores: this.scores, matched: this.matched, table: this.table, shift: this.shift, capacity: this.capacity } = bigger);
  }
  fits(terms: number): boolean {
    return terms < 0xffff || this.matched instanceof Int32Array;
  }
  idAt(i: number): number {
    return this.ids[i];
  }
  finalAt(i: number): number {
    return this.scores[i] * this.matched[i];
  }
  add(id: number, weighted: number, firstOfTerm: boolean): void {
    const { table } = this;
    const mask = table.length - 1;
    // Fibonacci hashing: consecutive ids (an article's passages) spread over the table.
    let at = Math.imul(id, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const entry = table[at];
      if (entry === 0) {
        if (this.size === this.capacity) {
          this.grow();
          this.add(id, weighted, firstOfTerm);
          return;
        }
        const i = this.size++;
        this.ids[i] = id;
        this.scores[i] = weighted;
        this.matched[i] = 1;
        table[at] = i + 1;
        return;
      }
      if (this.ids[entry - 1] === id) {
        const i = entry - 1;
        this.scores[i] = this.scores[i] + weighted;
        if (firstOfTerm) this.matched[i]++;
        return;
      }
      at = (at + 1) & mask;
    }
  }
  clear(): void {
    // Only the slots used (the table may be far larger than one search's passages).
    const { table } = this;
    const mask = table.length - 1;
    for (let i = 0; i < this.size; i++) {
      let at = Math.imul(this.ids[i], 0x9e3779b1) >>> this.shift;
      while (table[at] !== 0) {
        table[at] = 0;
        at = (at + 1) & mask;
      }
    }
    this.size = 0;
  }
}

/**
 * The best `limit` of the passages met, best first, ties in the order met: what a stable sort by
 * score of all of them would start with, without sorting them all.
 */
function topHits(sums: ScoreSums, limit: number): SearchHit[] {
  const n = sums.size;
  const k = Math.min(limit, n);
  if (k <= 0) return [];
  // `a` ranks before `b` (places in the order met): higher score, or the same and met earlier.
  const before = (a: number, b: number, sa: number, sb: number) => sa > sb || (sa === sb && a < b);
  // A heap of the k best so far, its root the worst of them.
  const heap = new Int32Array(k);
  const heapScore = new Float64Array(k);
  let size = 0;
  const siftDown = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let worst = at;
      if (l < size && before(heap[worst], heap[l], heapScore[worst], heapScore[l])) worst = l;
      if (r < size && before(heap[worst], heap[r], heapScore[worst], heapScore[r])) worst = r;
      if (worst === at) return;
      [heap[at], heap[worst]] = [heap[worst], heap[at]];
      [heapScore[at], heapScore[worst]] = [heapScore[worst], heapScore[at]];
      at = worst;
    }
  };
  for (let i = 0; i < n; i++) {
    const s = sums.finalAt(i);
    if (size < k) {
      let at = size++;
      heap[at] = i;
      heapScore[at] = s;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!before(heap[parent], heap[at], heapScore[parent], heapScore[at])) break;
        [heap[at], heap[parent]] = [heap[parent], heap[at]];
        [heapScore[at], heapScore[parent]] = [heapScore[parent], heapScore[at]];
        at = parent;
      }
    } else if (before(i, heap[0], s, heapScore[0])) {
      heap[0] = i;
      heapScore[0] = s;
      siftDown(0);
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort((x, y) => (before(heap[x], heap[y], heapScore[x], heapScore[y]) ? -1 : 1));
  return order.map((j) => ({ id: sums.idAt(heap[j]), score: heapScore[j] }));
}
