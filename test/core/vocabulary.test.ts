// Typo and prefix look-ups against minisearch's radix tree, which they replace: the typo fixes a
// user gets depend on the terms found and on their order (ties and the 200-term cut follow it).
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/search-index.js';
import { closeTerms } from '../../src/core/typos.js';
import { Vocabulary } from '../../src/core/vocabulary.js';
import { synthesize } from '../../src/bench/synth.js';
import { realArticles } from '../helpers/corpus.js';

/** Misspellings of index terms: a letter replaced, added, dropped or two swapped, and their first letters. */
function misspellings(terms: string[], count: number): string[] {
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const letters = 'abcdeéilmnorstuxyz0';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = terms[Math.floor(random() * terms.length)];
    const at = Math.floor(random() * t.length);
    const letter = letters[Math.floor(random() * letters.length)];
    const changed = [
      t.slice(0, at) + letter + t.slice(at + 1),
      t.slice(0, at) + letter + t.slice(at),
      t.slice(0, at) + t.slice(at + 1),
      t.slice(0, at) + (t[at + 1] ?? '') + t[at] + t.slice(at + 2),
    ][i % 4];
    out.push(changed, changed.slice(0, 4), t);
  }
  return out;
}

describe('vocabulary', () => {
  it('finds the terms minisearch’s radix tree finds, with the same counts and distances, in the same order', async () => {
    const index = SearchIndex.build(synthesize(await realArticles(), 120, 5).articles);
    const entries = [...index.df];
    const tree = SearchableMap.from(entries);
    const vocabulary = Vocabulary.of(entries);
    expect(vocabulary.size).toBe(entries.length);
    const queries = misspellings(entries.map(([t]) => t), 400);
    for (const q of ['', 'z', 'meta', 'infra', 'hyperoin', ...queries]) {
      for (const edits of [1, 2]) expect(vocabulary.fuzzyGet(q, edits)).toEqual([...tree.fuzzyGet(q, edits)]);
      if (q) expect(vocabulary.atPrefix(q)).toEqual([...tree.atPrefix(q)]);
      expect(vocabulary.get(q)).toBe(tree.get(q));
    }
  });

  it('follows the index as it changes: a new article’s names are found, a removed one’s are not', async () => {
    const articles = await realArticles();
    const index = SearchIndex.build(articles);
    expect(closeTerms('zorglob', index)).toEqual([]);
    index.add({ ...articles[0], id: 'zorglub', title: 'Zorglub', body: 'Zorglub ouvre une usine à Lyon.' });
    expect(closeTerms('zorglob', index)).toEqual(['zorglub']);
    index.remove('zorglub');
    expect(closeTerms('zorglob', index)).toEqual([]);
  });
});
