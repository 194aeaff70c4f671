// The index terms for typo and prefix look-ups, as sorted arrays: the look-ups minisearch's radix
// tree (SearchableMap) answered, with its answers, in its order — at a few bytes a term instead of
// the tree's Maps (57 MB of heap for the 238,481 terms of 100,000 articles).
//
// Callers break ties and cut lists in the order the tree gave its terms (a depth-first walk whose
// order depends on how the tree grew): that order is taken from a tree built once, walked, and
// dropped (or read from the index snapshot, which keeps both orders), and results are returned
// sorted by it. (The tree's iterator walks its Maps from their
// last key, its fuzzy search from their first: prefix look-ups come in the first order, fuzzy ones
// in its reverse.)
import SearchableMap from 'minisearch/SearchableMap';

export class Vocabulary {
  /** Live terms and their passage counts, in the order the index met them. */
  private readonly terms: string[];
  private readonly counts: Int32Array;
  /** Per term: its place in the order the tree's iterator gives. */
  private readonly rank: Int32Array;
  /** Terms by UTF-16 code units (the order the look-ups walk, as the tree's edges do). */
  private readonly sorted: Int32Array;

  private constructor(terms: string[], counts: Int32Array, rank: Int32Array, sorted: Int32Array) {
    this.terms = terms;
    this.counts = counts;
    this.rank = rank;
    this.sorted = sorted;
  }

  /** The vocabulary of the index's live terms with their counts, in the index's order. */
  static of(entries: Iterable<[string, number]>): Vocabulary {
    const [terms, counts] = split(entries);
    // The tree, built as SearchableMap.from did (the terms in the index's order), only for its order.
    const tree = new SearchableMap<number>();
    terms.forEach((t, i) => tree.set(t, i));
    const rank = new Int32Array(terms.length);
    let at = 0;
    for (const i of tree.values()) rank[i] = at++;
    const sorted = Int32Array.from(terms.keys()).sort((a, b) => (terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : 0));
    return new Vocabulary(terms, counts, rank, sorted);
  }

  /** The two orders, for a snapshot: a load then builds no tree and sorts nothing. */
  toState(): { rank: Int32Array; sorted: Int32Array } {
    return { rank: this.rank, sorted: this.sorted };
  }

  /** The vocabulary of these entries with orders a snapshot kept; anything inconsistent throws. */
  static fromState(entries: Iterable<[string, number]>, rank: Int32Array, sorted: Int32Array): Vocabulary {
    const [terms, counts] = split(entries);
    const n = terms.length;
    if (rank.length !== n || sorted.length !== n) throw new Error('the vocabulary orders disagree with the terms');
    const seen = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (!(rank[i] >= 0 && rank[i] < n) || seen[rank[i]]) throw new Error('bad vocabulary rank');
      seen[rank[i]] = 1;
    }
    seen.fill(0);
    for (let i = 0; i < n; i++) {
      if (!(sorted[i] >= 0 && sorted[i] < n) || seen[sorted[i]] || (i > 0 && !(terms[sorted[i - 1]] < terms[sorted[i]]))) throw new Error('bad vocabulary order');
      seen[sorted[i]] = 1;
    }
    return new Vocabulary(terms, counts, rank, sorted);
  }

  get size(): number {
    return this.terms.length;
  }

  /** The passage count of `term`, undefined when it is not a term. */
  get(term: string): number | undefined {
    const at = this.lowerBound(0, this.terms.length, (s) => s < term);
    return at < this.sorted.length && this.terms[this.sorted[at]] === term ? this.counts[this.sorted[at]] : undefined;
  }

  /** Terms within `maxDistance` edits (Levenshtein) of `query`, with their count and distance, in the tree's order. */
  fuzzyGet(query: string, maxDistance: number): [string, [number, number]][] {
    const n = query.length;
    const width = n + 1;
    const found: [number, number][] = [];
    const { terms, sorted } = this;
    // Row d of the distance matrix: from the first d code units of a term to each prefix of the
    // query. A matching term has at most n + maxDistance code units.
    const matrix = new Int32Array((n + maxDistance + 2) * width);
    for (let j = 0; j <= n; j++) matrix[j] = j;
    // Every term in sorted[lo, hi) begins with the same `depth` code units, whose row is row
    // `depth`; the one as long as that prefix, if any, comes first.
    const walk = (lo: number, hi: number, depth: number) => {
      const row = depth * width;
      let i = lo;
      if (terms[sorted[i]].length === depth) {
        if (matrix[row + n] <= maxDistance) found.push([sorted[i], matrix[row + n]]);
        i++;
      }
      if (depth >= n + maxDistance) return;
      const next = row + width;
      while (i < hi) {
        const c = terms[sorted[i]].charCodeAt(depth);
        let a = i + 1;
        let b = hi;
        while (a < b) {
          const mid = (a + b) >>> 1;
          if (terms[sorted[mid]].charCodeAt(depth) <= c) a = mid + 1;
          else b = mid;
        }
        matrix[next] = depth + 1;
        let min = depth + 1;
        for (let j = 1; j <= n; j++) {
          const d = Math.min(matrix[row + j - 1] + (query.charCodeAt(j - 1) === c ? 0 : 1), matrix[row + j] + 1, matrix[next + j - 1] + 1);
          matrix[next + j] = d;
          if (d < min) min = d;
        }
        // Distances never shrink as a term goes on: past the limit, nothing below matches.
        if (min <= maxDistance) walk(i, a, depth + 1);
        i = a;
      }
    };
    if (terms.length) walk(0, terms.length, 0);
    return found.sort((a, b) => this.rank[b[0]] - this.rank[a[0]]).map(([i, d]) => [this.terms[i], [this.counts[i], d]]);
  }

  /** Terms beginning with `prefix` (itself included), with their counts, in the tree's order. */
  atPrefix(prefix: string): [string, number][] {
    const head = (s: string) => s.slice(0, prefix.length);
    const lo = this.lowerBound(0, this.terms.length, (s) => head(s) < prefix);
    const hi = this.lowerBound(lo, this.terms.length, (s) => head(s) <= prefix);
    return Array.from(this.sorted.subarray(lo, hi))
      .sort((a, b) => this.rank[a] - this.rank[b])
      .map((i) => [this.terms[i], this.counts[i]]);
  }

  /** The first place in sorted[lo, hi) whose term is not `before` (which holds for a leading run). */
  private lowerBound(lo: number, hi: number, before: (term: string) => boolean): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.terms[this.sorted[mid]])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function split(entries: Iterable<[string, number]>): [string[], Int32Array] {
  const terms: string[] = [];
  const counts: number[] = [];
  for (const [term, n] of entries) {
    terms.push(term);
    counts.push(n);
  }
  return [terms, Int32Array.from(counts)];
}
