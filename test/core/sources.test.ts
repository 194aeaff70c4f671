import { describe, expect, it } from 'vitest';
import { realEngine } from '../helpers/corpus.js';

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

  it('lists the whole catalogue for an empty topic', async () => {
    const engine = await realEngine();
    expect(engine.sources('').sources).toHaveLength(engine.articles().length);
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
