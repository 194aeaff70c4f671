import { describe, expect, it } from 'vitest';
import { realEngine } from '../helpers/corpus.js';
import { Engine } from '../../src/core/engine.js';
import { CATALOGUE_LIMIT } from '../../src/core/sources.js';

const ids = (topic: string) => realEngine().then((e) => e.sources(topic).sources.map((s) => s.article.id).sort());

describe('sources', () => {
  it('finds the same articles for llama4 and Llama 4, and not those about Llama 3 only', async () => {
    expect(await ids('llama4')).toEqual(await ids('Llama 4'));
    expect((await ids('llama4')).length).toBe(2);
  });

  it('folds languages: metaverse finds the article about the métavers', async () => {
    expect(await ids('metaverse')).toEqual(await ids('métavers'));
    expect((await ids('métavers')).length).toBe(1);
  });

  it('gives each article its best excerpt and how many passages mention the topic, best first', async () => {
    const engine = await realEngine();
    const result = engine.sources('Stargate');
    expect(result.found).toBe(true);
    expect(result.sources).toHaveLength(1);
    const [s] = result.sources;
    expect(s.excerpt).toContain('Stargate');
    expect(s.passages).toBeGreaterThanOrEqual(2);
  });

  it('does not list an article for a word it only uses inside a fixed expression (« en train de », « au cours de »)', () => {
    const article = (id: string, body: string) => ({ id, title: `Article ${id}`, source: 'Le Test', url: null, date: null, lang: 'fr' as const, added: '2026-03-02T08:00:00Z', body });
    const engine = Engine.fromArticles([
      article('chantier', 'Meta est en train de construire Hyperion en Louisiane, au cours de l’année.'),
      article('rail', 'Le train relie Paris à Lyon. Le cours de l’action SNCF monte.'),
    ]);
    expect(engine.sources('train').sources.map((s) => s.article.id)).toEqual(['rail']);
    expect(engine.sources('cours').sources.map((s) => s.article.id)).toEqual(['rail']);
  });

  it('lists the whole catalogue for an empty topic', async () => {
    const engine = await realEngine();
    expect(engine.sources('').sources).toHaveLength(engine.articles().length);
    expect(engine.sources('').total).toBe(engine.articles().length);
  });

  it('lists the newest articles only when the corpus is larger than any platform shows, and says how many there are', () => {
    const articles = Array.from({ length: CATALOGUE_LIMIT + 20 }, (_, i) => ({
      id: `a${i}`, title: `Article ${i}`, lang: 'en', body: `Report number ${i} on the harbour.`, source: null, url: null,
      date: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`, added: `2026-02-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
    }));
    const catalogue = Engine.fromArticles(articles).sources('');
    expect(catalogue.total).toBe(CATALOGUE_LIMIT + 20);
    expect(catalogue.sources).toHaveLength(CATALOGUE_LIMIT);
    const dates = catalogue.sources.map((s) => s.article.date ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates.at(-1)! >= '2026-01-05').toBe(true);
  });

  it('suggests names, not common words written with a capital, nor a surname beside the full name', async () => {
    const engine = await realEngine();
    const result = engine.sources('Tesla');
    expect(result.suggestions).toEqual(expect.arrayContaining(['Mark Zuckerberg', 'Meta', 'OpenAI']));
    for (const word of ['IA', 'PDG', 'Zuckerberg']) expect(result.suggestions).not.toContain(word);
  });

  it('says so when no article is about the topic', async () => {
    const engine = await realEngine();
    const result = engine.sources('Tesla');
    expect(result).toMatchObject({ found: false, sources: [] });
    expect(result.suggestions?.length).toBeGreaterThan(0);
  });
});
