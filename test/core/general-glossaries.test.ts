// The general glossaries of this branch (ordinary nouns; places, peoples, languages and religions; people, historical entities and works): well-formed
// data the loader merges, and what they are for: an English question finds the French article
// that says the same thing in its own words (bell tower / clocher, Hungary / Hongrie).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import { isCommonWord, lexicon } from '../../src/core/analysis/lexicon.js';
import { Engine } from '../../src/core/engine.js';
import { realArticles, root } from '../helpers/corpus.js';

const stopwords = new Set(
  readFileSync(path.join(root, 'lexicon/stopwords.en.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#')),
);

describe.each([
  ['glossary-general-nouns.en-fr.tsv', 300],
  ['glossary-places.en-fr.tsv', 300],
  ['glossary-names.en-fr.tsv', 300],
  ['glossary-general-words.en-fr.tsv', 200],
  ['glossary-general-words-2.en-fr.tsv', 600],
])('%s', (file, least) => {
  const entries = readFileSync(path.join(root, 'lexicon', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));

  it('has one entry a line: a lower-case key of one to four words, not a stop word, never repeated, and one to four renderings', () => {
    expect(entries.length).toBeGreaterThan(least);
    const seen = new Set<string>();
    for (const line of entries) {
      const fields = line.split('\t');
      expect(fields, line).toHaveLength(2);
      const [key, renderings] = fields;
      expect(key, line).toBe(key.trim().toLowerCase());
      expect(key.split(' ').length, line).toBeLessThanOrEqual(4);
      // A question's words are split at hyphens and apostrophes (`father-in-law` is father in law).
      expect(key, line).not.toMatch(/[-'.]/);
      expect(stopwords.has(key), line).toBe(false);
      expect(seen.has(key), `${key} repeated`).toBe(false);
      seen.add(key);
      const frs = renderings.split('|');
      expect(frs.length, line).toBeGreaterThanOrEqual(1);
      expect(frs.length, line).toBeLessThanOrEqual(4);
      for (const fr of frs) expect(fr.trim(), line).toBe(fr);
      for (const fr of frs) expect(fr, line).not.toBe('');
      expect(new Set(frs).size, line).toBe(frs.length);
    }
  });

  it('is part of the glossary the questions are read with', () => {
    const [key, renderings] = entries[0].split('\t');
    for (const fr of renderings.split('|')) expect(lexicon().glossary.get(key)).toContain(fr);
  });
});

const article = (id: string, body: string): Article => ({
  id,
  title: `Article ${id}`,
  source: 'Le Test',
  url: `https://example.com/${id}`,
  date: '2026-03-02',
  lang: 'fr',
  added: '2026-03-02T08:00:00Z',
  body,
});

/** The first excerpt of an answer that must be given. */
function firstExcerpt(engine: Engine, question: string) {
  const answer = engine.ask(question);
  expect(answer.answered, question).toBe(true);
  if (!answer.answered) throw new Error(`declined: ${question}`);
  return answer.excerpts[0];
}

describe('English questions over French articles in general prose', () => {
  // The shipped corpus (news) plus two articles of general prose, in French only.
  let engine: Engine;
  beforeAll(async () => {
    engine = Engine.fromArticles([
      ...(await realArticles()),
      article(
        'village',
        "Le clocher de l'église fut construit en 1874 par les habitants du village, après l'incendie qui avait détruit la nef.\n\n" +
          'Le cimetière entoure encore la chapelle romane.',
      ),
      article(
        'vezelay',
        "L'abbaye de Vézelay fut fondée en 858 par le comte Girart de Roussillon.\n\n" +
          'Au XIXe siècle, des fouilles firent des découvertes importantes sous la basilique de Cluny.',
      ),
      article(
        'budapest',
        'Budapest est la capitale de la Hongrie depuis 1873.\n\n' +
          "Sur les collines de la rive droite, les moines cultivaient la vigne et élevaient des chèvres.",
      ),
    ]);
  });

  const top = (question: string) => firstExcerpt(engine, question);

  it('reads "founded" as to found, not as the past of to find', () => {
    const excerpt = top('Who founded the abbey of Vézelay?');
    expect(excerpt.text).toContain('fondée en 858');
    // Cluny's "discoveries" say nothing about who founded it.
    expect(engine.ask('When was Cluny founded?').answered).toBe(false);
  });

  it('finds the French words for ordinary nouns (bell tower → clocher, church → église)', () => {
    const excerpt = top('When was the bell tower of the church built?');
    expect(excerpt.article.id).toBe('village');
    expect(excerpt.text).toContain('clocher');
    expect(engine.sources('cemetery').sources.map((s) => s.article.id)).toEqual(['village']);
  });

  it('finds a place the French text names differently (Hungary → Hongrie)', () => {
    const excerpt = top('What is the capital of Hungary?');
    expect(excerpt.article.id).toBe('budapest');
    expect(excerpt.text).toContain('Hongrie');
    // Still a name worth offering as a topic, unlike a common word of the glossary.
    expect(isCommonWord('Hongrie')).toBe(false);
    expect(isCommonWord('Hungary')).toBe(false);
    expect(isCommonWord('clocher')).toBe(true);
  });

  it('finds words of the countryside in French (monks → moines, hills → collines, goats → chèvres)', () => {
    const excerpt = top('Did the monks keep goats on the hills?');
    expect(excerpt.article.id).toBe('budapest');
    expect(excerpt.text).toContain('chèvres');
  });
});

describe('English questions over French articles: everyday words', () => {
  const engine = Engine.fromArticles([
    article('atelier', "Dans l'atelier du potier, une épaisse couche de cendres couvre le sol.\n\nLe potier vend ses bols au marché."),
    article('jardin', 'En hiver, la neige couvre le sol du jardin.\n\nLes enfants y construisent des cabanes.'),
  ]);

  it('finds layer → couche, workshop → atelier', () => {
    const answer = engine.ask('What layer covers the floor of the workshop?');
    expect(answer.answered).toBe(true);
    if (answer.answered) expect(answer.excerpts[0].text).toContain('épaisse couche de cendres');
    expect(engine.sources('workshop').sources.map((s) => s.article.id)).toEqual(['atelier']);
  });
});

describe('English questions over French articles: words of part 4 (glossary-general-words-2)', () => {
  // French articles that share their other words, so that only the word of part 4 tells them apart (without it,
  // the first article would come first).
  const engine = Engine.fromArticles([
    article('plaine', 'Dans la plaine, les maraîchers craignent la grêle plus que le gel.'),
    article('coteau', 'Sur le coteau, les vignerons craignent la grêle plus que la sécheresse.'),
    article('usine', "L'usine textile de la ville emploie deux cents ouvriers depuis 1950.\n\nUn lanceur d'alerte y a dénoncé la pollution."),
    article('chantier', 'Le chantier naval de la ville emploie quatre cents ouvriers depuis 1920.'),
  ]);

  const top = (question: string) => firstExcerpt(engine, question);

  it('finds hillside → coteau, hail → grêle, shipyard → chantier naval', () => {
    expect(top('Who fears hail on the hillside?').article.id).toBe('coteau');
    expect(top('How many workers does the shipyard employ?').text).toContain('quatre cents');
  });

  it('lists the sources on a word of part 4 (whistleblower → lanceur d’alerte)', () => {
    expect(engine.sources('whistleblower').sources.map((s) => s.article.id)).toEqual(['usine']);
  });
});

describe('English questions over French articles: phrasal verbs', () => {
  // Each article says the same nouns twice; only the phrasal verb, read as a whole ("lay off" is
  // licencier, "come out" is sortir), tells its two sentences apart.
  const engine = Engine.fromArticles([
    article('filature', "En 2019, la filature a embauché 120 ouvriers.\n\nEn mars, la filature a licencié 300 ouvriers."),
    article('editeur', "Le roman de l'autrice est venu aux libraires par la poste en 1953.\n\nLe roman de l'autrice est sorti en 1954."),
  ]);

  const top = (question: string) => firstExcerpt(engine, question);

  it('reads "lay off" as licencier and "come out" as sortir, not as their verbs alone', () => {
    expect(top('How many workers did the spinning mill lay off?').text).toContain('licencié 300 ouvriers');
    expect(top("When did the author's novel come out?").text).toContain('sorti en 1954');
  });

  it('reads an irregular past of a phrasal verb ("laid off", "came out")', () => {
    expect(top('How many workers were laid off by the spinning mill?').text).toContain('licencié 300 ouvriers');
    expect(top("When was it that the author's novel came out?").text).toContain('sorti en 1954');
  });
});
