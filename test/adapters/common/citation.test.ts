import { describe, expect, it } from 'vitest';
import { citationLine, citationParts, corroborationLine, safeUrl } from '../../../src/adapters/common/citation.js';

const ref = { id: 'a', title: 'Meta mise sur Hyperion', source: 'Le Monde', date: '2025-07-18', url: 'https://example.org/a' };

describe('citations', () => {
  it('reads "title · publisher · date", leaving out what the article does not say', () => {
    expect(citationLine(ref)).toBe('Meta mise sur Hyperion · Le Monde · 2025-07-18');
    expect(citationLine({ ...ref, source: null })).toBe('Meta mise sur Hyperion · 2025-07-18');
    expect(citationLine({ ...ref, source: null, date: null })).toBe('Meta mise sur Hyperion');
    expect(citationParts(ref)).toEqual({ title: 'Meta mise sur Hyperion', url: 'https://example.org/a', details: 'Le Monde · 2025-07-18' });
  });

  it('links only to http(s) URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('/relative/path')).toBeNull();
    expect(safeUrl('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(citationParts({ ...ref, url: 'javascript:alert(1)' }).url).toBeNull();
  });

  it('says how many distinct articles agree on a figure, only when two or more do', () => {
    const other = { ...ref, id: 'b' };
    expect(corroborationLine({ figure: '5 gigawatts', articles: [ref, other] })).toBe('2 articles agree on 5 gigawatts');
    expect(corroborationLine({ figure: '5 gigawatts', articles: [ref, ref] })).toBeNull();
    expect(corroborationLine(null)).toBeNull();
  });
});
