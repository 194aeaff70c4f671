// Typo tolerance: index terms within a small edit distance of an unknown query term.
import type { SearchIndex } from './search-index.js';

/** Allowed edits grow with length: none under 5 characters, 1 up to 8, 2 beyond. */
export function maxEdits(term: string): number {
  return term.length < 5 ? 0 : term.length <= 8 ? 1 : 2;
}

/**
 * Index terms close to an unknown query term: within a few edits (`Prometeus`), or, for a word of
 * 4+ letters, a longer word it begins (`zuck` → zuckerberg, `infra` → infrastructure).
 */
export function closeTerms(term: string, index: SearchIndex, limit = 3): string[] {
  const edits = maxEdits(term);
  if (/^\d/.test(term) || term.length < 4) return [];
  const vocabulary = index.vocabulary();
  const found = new Map<string, { term: string; d: number; df: number }>();
  // Candidates from the trie within the allowed edits, and the words one swap of two neighbouring
  // letters away (`Hyperoin`), which the trie would count as two edits.
  if (edits > 0) {
    for (const [candidate, [df]] of vocabulary.fuzzyGet(term, edits)) {
      if (!/^\d/.test(candidate)) found.set(candidate, { term: candidate, d: editDistance(term, candidate, edits), df });
    }
    for (let i = 0; i + 1 < term.length; i++) {
      const swapped = term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2);
      const df = vocabulary.get(swapped);
      if (df !== undefined && !found.has(swapped)) found.set(swapped, { term: swapped, d: 1, df });
    }
  }
  let seen = 0;
  for (const [candidate, df] of vocabulary.atPrefix(term)) {
    if (++seen > 200) break;
    if (candidate.length >= term.length + 2 && !found.has(candidate)) found.set(candidate, { term: candidate, d: 1.5, df });
  }
  return [...found.values()]
    .sort((a, b) => a.d - b.d || b.df - a.df)
    .slice(0, limit)
    .map((f) => f.term);
}

/** Damerau-Levenshtein (adjacent swaps count as one), stopping early past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      rows[i][j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length][b.length];
}
