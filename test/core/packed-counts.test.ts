// The index's packed tables of names and capitals (PackedCounts) behave as the Maps they replace:
// the same look-ups and the same iteration order (topics break ties by the first name met), through
// sets, deletes, keys set again after a delete, and packings at any point.
import { describe, expect, it } from 'vitest';
import { PackedCounts, SearchIndex } from '../../src/core/search-index.js';
import { Rng } from '../../src/bench/prng.js';
import { synthesize } from '../../src/bench/synth.js';
import { realArticles } from '../helpers/corpus.js';

const KEYS = ['Meta', 'meta', 'Méta', 'Hyperion', 'Scale AI', 'Sam Altman', 'a', 'ab', 'abc', 'Zorglub', 'zz', 'Œuvre', '東京', '😀 emoji', 'Llama 4', 'e\u0301'];

describe('PackedCounts', () => {
  it('answers and iterates exactly like a Map through random sets, deletes and packings', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed);
      const random = () => rng.next();
      const pick = () => rng.pick(KEYS);
      const map = new Map<string, number>();
      let table = PackedCounts.of([]);
      for (let step = 0; step < 400; step++) {
        const r = random();
        const key = pick();
        if (r < 0.5) {
          const value = 1 + Math.floor(random() * 1e6) * 2 ** 20;
          map.set(key, value);
          table.set(key, value);
        } else if (r < 0.8) {
          map.delete(key);
          table.delete(key);
        } else if (r < 0.9) table.pack();
        else table = PackedCounts.of([...map]);
        for (const k of KEYS) {
          expect(table.get(k)).toBe(map.get(k));
          expect(table.has(k)).toBe(map.has(k));
        }
        expect([...table]).toEqual([...map]);
        expect(table.size).toBe(map.size);
      }
    }
  });

  it('packs entries given in string order (as a snapshot writes the capitals) without sorting them, with the same look-ups', () => {
    const entries = KEYS.map((k, i): [string, number] => [k, i + 1]).sort(([a], [b]) => (a < b ? -1 : 1));
    const map = new Map(entries);
    const table = PackedCounts.of(entries);
    for (const k of [...KEYS, 'absent', '']) expect(table.get(k)).toBe(map.get(k));
    for (const [k, v] of [['Meta', 7], ['nouveau', 3]] as const) {
      map.set(k, v);
      table.set(k, v);
    }
    map.delete('ab');
    table.delete('ab');
    expect([...table]).toEqual([...map]);
    expect(table.sortedEntries()).toEqual([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
  });

  it('refuses a key given twice and counts that are not positive (a corrupt snapshot is rebuilt)', () => {
    expect(() => PackedCounts.of([['Meta', 1], ['Meta', 2]])).toThrow(/twice/);
    expect(() => PackedCounts.of([]).set('Meta', 0)).toThrow(/positive/);
  });
});

describe('the topics list, kept packed between changes', () => {
  it('is the same list when read again, and follows a change of the corpus', async () => {
    const articles = synthesize(await realArticles(), 60, 5).articles;
    const index = SearchIndex.build(articles.slice(1));
    const first = index.topics();
    expect(first.length).toBeGreaterThan(100);
    expect(index.topics()).toEqual(first);
    index.add(articles[0]);
    expect(index.topics()).toEqual(SearchIndex.build([...articles.slice(1), articles[0]]).topics());
    expect(index.topics()).not.toEqual(first);
  });
});
