import { describe, expect, it } from 'vitest';
import { terms } from '../../src/core/analysis/analyze.js';
import { splitSentences } from '../../src/core/analysis/sentences.js';
import { canonicalNumber } from '../../src/core/analysis/tokenize.js';
import { findEntities } from '../../src/core/analysis/entities.js';

const sentences = (text: string) => splitSentences(text).map((r) => text.slice(r.start, r.end));
const entities = (text: string, kind: string) =>
  findEntities(text)
    .filter((e) => e.kind === kind)
    .map((e) => text.slice(e.start, e.end));

describe('terms', () => {
  it('folds accents and case, and drops elided articles with either apostrophe', () => {
    expect(terms('l’IA', 'fr')).toEqual(terms("L'ia", 'fr'));
    expect(terms('d’électricité', 'fr')).toEqual(terms('electricite', 'fr'));
  });

  it('drops French and English stop words but keeps numbers and number words as digits', () => {
    expect(terms('Sept employés de la société', 'fr')).toContain('7');
    expect(terms('the seven employees', 'en')).toContain('7');
    expect(terms('le la les de des du', 'fr')).toEqual([]);
  });

  it('leaves out the words of a fixed expression, and only where the whole expression stands', () => {
    expect(terms('Au cours de l’année, Meta est en train de recruter au sein de l’équipe.', 'fr')).toEqual(terms('l’année, Meta est recruter l’équipe.', 'fr'));
    expect(terms('Le cours de l’action', 'fr')).toEqual(terms('cours action', 'fr'));
    expect(terms('le train de nuit', 'fr')).toContain(terms('train', 'fr')[0]);
  });

  it('writes numbers one way whatever their grouping', () => {
    expect(canonicalNumber('600 000')).toBe('600000');
    expect(canonicalNumber('600\u00a0000')).toBe('600000');
    expect(canonicalNumber('600,000')).toBe('600000');
    expect(canonicalNumber('71,5')).toBe('71.5');
    expect(canonicalNumber('1.3')).toBe('1.3');
    expect(terms('600 000 unités', 'fr')).toContain('600000');
    expect(terms('600,000 units', 'en')).toContain('600000');
  });

  it('gives a number with its multiplier one value: 1.3M = 1,3 million, $17bn = 17 milliards', () => {
    expect(terms('1.3M', 'en')).toContain('1300000');
    expect(terms('1,3 million d’accélérateurs', 'fr')).toContain('1300000');
    expect(terms('$17bn', 'en')).toContain('17000000000');
    expect(terms('17 milliards de dollars', 'fr')).toContain('17000000000');
  });

  it('matches units to their words: 5 GW and 5 gigawatts', () => {
    expect(terms('5 GW', 'fr')).toEqual(terms('5 gigawatts', 'fr'));
    expect(terms('49 %', 'fr')).toEqual(terms('49 percent', 'en'));
  });

  it('makes llama4 and Llama 4 the same name, distinct from Llama 3', () => {
    expect(terms('Llama 4 déçoit', 'fr')).toContain('llama4');
    expect(terms('llama4', 'en')).toContain('llama4');
    expect(terms('Llama 3', 'fr')).not.toContain('llama4');
  });

  it('stems French and English plurals together', () => {
    expect(terms('réacteurs nucléaires', 'fr')).toEqual(terms('réacteur nucléaire', 'fr'));
    expect(terms('data centers', 'en')).toEqual(terms('data center', 'en'));
  });

  it('brings French verb forms together: plurals in -ent, participles of -indre and -uire verbs', () => {
    expect(terms('ils risquent', 'fr')).toEqual(terms('le risque', 'fr'));
    expect(terms('rejoint', 'fr')).toEqual(terms('rejoindre', 'fr'));
    expect(terms('construit', 'fr')).toEqual(terms('construire', 'fr'));
    expect(terms('moment', 'fr')).not.toEqual(terms('mot', 'fr'));
  });

  it('keeps capitalised names whole besides their stem', () => {
    expect(terms('avec OpenAI', 'fr')).toContain('openai');
  });
});

describe('splitSentences', () => {
  it('does not split inside numbers, after M. or inside « quotes »', () => {
    expect(
      sentences('M. Zuckerberg annonce 71,5 milliards et 600 000 puces. « Nous constituons l’équipe », se vante-t-il. Fin.'),
    ).toEqual(['M. Zuckerberg annonce 71,5 milliards et 600 000 puces.', '« Nous constituons l’équipe », se vante-t-il.', 'Fin.']);
  });

  it('splits after a question or exclamation mark followed by a capital', () => {
    expect(sentences('5 gigawatts, qu’est-ce que cela représente ? C’est l’équivalent de 4 millions de foyers !')).toHaveLength(2);
  });

  it('splits a sentence glued to the next one after a figure', () => {
    expect(sentences('jusqu’en 2026.Meta entend devenir un acteur majeur.')).toEqual(['jusqu’en 2026.', 'Meta entend devenir un acteur majeur.']);
  });

  it('does not split on "vs." followed by lower case', () => {
    expect(sentences('Meta vs. la concurrence fait rage.')).toHaveLength(1);
  });
});

describe('findEntities', () => {
  it('finds money, sizes, counts, shares, dates and places', () => {
    const text =
      'En juin dernier, Meta a investi plus de 14 milliards d’euros pour acquérir 49 % de Scale AI, et Hyperion atteindra 5 gigawatts en Louisiane avec 600 000 puces.';
    expect(entities(text, 'money')).toEqual(['14 milliards d’euros']);
    expect(entities(text, 'share')).toEqual(['49 %']);
    expect(entities(text, 'size')).toEqual(['5 gigawatts']);
    expect(entities(text, 'count')).toEqual(['600 000 puces']);
    expect(entities(text, 'date')).toContain('juin');
    expect(entities(text, 'place')).toContain('Louisiane');
  });

  it('reads number words and people', () => {
    const text = 'Sept employés d’OpenAI ont rejoint Mark Zuckerberg.';
    expect(entities(text, 'count')).toEqual(['Sept employés']);
    expect(entities(text, 'person')).toEqual(expect.arrayContaining(['employés', 'Mark Zuckerberg']));
  });

  it('gives the same figure the same key however it is written', () => {
    const key = (t: string) => findEntities(t).find((e) => e.kind === 'size')?.key;
    expect(key('une capacité de 5 gigawatts')).toBe(key('une capacité prévue de 5 GW'));
  });
});
