// Language found wanting on other people's questions (issue #10): names by capitalisation, old years
// and decades, question phrasings, attribute words, English words the glossary lacks.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { classify, cognates, parseQuery } from '../../src/core/question.js';
import { findEntities, type EntityKind } from '../../src/core/analysis/entities.js';
import { stem } from '../../src/core/analysis/stem.js';
import { fixtureArticle as article } from '../helpers/corpus.js';

/** The entities of one kind a text holds, as written. */
const entitiesOf = (kind: EntityKind) => (text: string) => findEntities(text).filter((e) => e.kind === kind).map((e) => text.slice(e.start, e.end));
const dates = entitiesOf('date');
const places = entitiesOf('place');

describe('names', () => {
  const engine = Engine.fromArticles([
    article('a', 'fr', 'Le Pays de Caux', [
      'Les habitants du Pays de Caux visitent la côte.',
      'Ce pays compte beaucoup de visiteurs, et le pays voisin aussi. Le pays attire.',
      'Le musée, tenu par une famille ougandaise, ouvre en mai. Marie Curie y est célébrée, Curie aussi.',
    ].join('\n\n')),
  ]);
  const index = engine.searchIndex;

  it('a word capitalised now and then but usually written in lower case is not a name', () => {
    expect(index.isProperNoun('pays')).toBe(false);
    expect(index.isProperNoun('curie')).toBe(true);
    expect(index.isProperNoun('caux')).toBe(true);
  });

  it('a name is matched through its stem when the exact form is not in the text', () => {
    const query = parseQuery('Quand ouvre le musée Curie ?', index);
    const curie = query.groups.find((g) => g.label === 'Curie')!;
    expect(curie.isName).toBe(true);
    expect(curie.variants.map((v) => v.term)).toContain('curie');
  });
});

describe('acronyms', () => {
  const engine = Engine.fromArticles([
    article('c', 'fr', 'Un laboratoire', [
      "Le laboratoire consacre son budget à l'IA. L'IA générative attire les chercheurs.",
      'Le PDG de Scale AI parle de Scale AI. Scale AI prépare des données.',
    ].join('\n\n')),
  ]);

  it('an acronym of common words the corpus always capitalises is still a translation (AI → IA), not a name', () => {
    expect(engine.searchIndex.isProperNoun('ia')).toBe(true);
    const ai = parseQuery('how much does the lab spend on AI', engine.searchIndex).groups.find((g) => g.label === 'AI')!;
    expect(ai.variants.map((v) => v.term)).toContain('ia');
    const answer = engine.ask('how much does the lab spend on AI');
    expect(answer.answered && answer.excerpts[0].text).toContain("budget à l'IA");
  });
});

describe('French verbs the stemmer leaves apart', () => {
  const engine = Engine.fromArticles([
    article('v', 'fr', 'Un poète breton', [
      'Le poète habite à Paris depuis 1830, rue du Bac.',
      'Le poète naquit à Brest en 1802. Son frère vendit ses manuscrits à Lyon.',
      'Le poète garde ses manuscrits à Paris.',
    ].join('\n\n')),
  ]);

  it('a question in the present meets a text in the passé simple (naît / naquit, a vendu / vendit)', () => {
    const born = engine.ask('Où naît le poète ?');
    expect(born.answered && born.excerpts[0].text).toContain('naquit à Brest');
    const sold = engine.ask('Où son frère a-t-il vendu les manuscrits ?');
    expect(sold.answered && sold.excerpts[0].text).toContain('vendit ses manuscrits à Lyon');
  });

  it('a form that is also a word of another sense keeps its own stem (fonds is not fondre, pendant not pendre)', () => {
    expect(stem('naquit', 'fr')).toBe(stem('naître', 'fr'));
    expect(stem('rendu', 'fr')).toBe(stem('rendit', 'fr'));
    expect(stem('fonds', 'fr')).not.toBe(stem('fondre', 'fr'));
    expect(stem('pendant', 'fr')).not.toBe(stem('pendre', 'fr'));
  });
});

describe('French accents and stems', () => {
  it('the feminine and masculine of a participle or adjective share a stem, with accents or typed without', () => {
    for (const family of [['située', 'situé', 'situee', 'situe', 'situer'], ['licencié', 'licenciée', 'licenciés', 'licencier'], ['première', 'premiere', 'premier', 'premiers'], ['électricité', 'electricite'], ['créée', 'creee', 'créé']])
      expect(new Set(family.map((w) => stem(w, 'fr'))), family.join(' ')).toHaveLength(1);
  });
});

describe('glossary forms', () => {
  const engine = Engine.fromArticles([article('e', 'fr', 'Un peintre', 'Le peintre est mort en 1953 à Rome.')]);

  it('a past in -d finds its verb even when their stems differ (died → die → mourir, mort)', () => {
    const died = parseQuery('Who died in 1953?', engine.searchIndex).groups.find((g) => g.label === 'died')!;
    expect(died.known).toBe(true);
    const answer = engine.ask('Who died in 1953?');
    expect(answer.answered && answer.excerpts[0].text).toContain('mort en 1953');
  });
});

describe('words that name the kind of fact asked for', () => {
  const engine = Engine.fromArticles([
    article('d', 'fr', 'Un projet', [
      'Le projet Zéphyr mobilise 500 millions d’euros, selon ses promoteurs.',
      'Le coût de la vie augmente partout. Les riverains de Zéphyr s’en plaignent.',
    ].join('\n\n')),
  ]);

  it('a figure of the asked kind meets « coûte » / "cost" without the word', () => {
    const query = parseQuery('combien coûte Zéphyr ?', engine.searchIndex);
    expect(query.groups.find((g) => g.label === 'coûte')?.namesKind).toBe(true);
    for (const q of ['combien coûte Zéphyr ?', 'how much does Zephyr cost']) {
      const answer = engine.ask(q);
      expect(answer.answered && answer.excerpts[0].text, q).toContain('500 millions d’euros');
    }
  });
});

describe('dates', () => {
  it('reads any year from 1000 on after a word that introduces it, decades and centuries', () => {
    expect(dates('Le roi meurt en 1046 à Paris.')).toEqual(['1046']);
    expect(dates('He was crowned in 1014.')).toEqual(['1014']);
    expect(dates('Dans les années 1480, la ville croît.')).toEqual(['années 1480']);
    expect(dates('In the 1990s the company grew.')).toEqual(['1990s']);
    expect(dates('Au XIIe siècle, le château est bâti.')).toEqual(['XIIe siècle']);
    expect(dates('It was built in the 15th century.')).toEqual(['15th century']);
  });

  it('reads centuries written out and years with their era', () => {
    expect(dates('Hops were grown in the thirteenth century.')).toEqual(['thirteenth century']);
    expect(dates('He lived between the 6th and 4th centuries BCE.')).toEqual(['4th centuries']);
    expect(dates('Au quinzième siècle, la ville croît.')).toEqual(['quinzième siècle']);
    expect(dates('Hops were first used in 822 AD by monks.')).toEqual(['822 AD']);
    expect(dates('Beer was brewed circa 3500–3100 BC.')).toEqual(['3500–3100 BC']);
    expect(dates('César meurt en 44 av. J.-C. à Rome.')).toEqual(['44 av. J.-C.']);
    // Two centuries is a length of time; `ce` after a year is a French word.
    expect(dates('Il vécut deux siècles plus tard.')).toEqual([]);
    expect(dates('En 2000 ce pays a grandi.')).toEqual(['En 2000']);
  });

  it('does not take a month, a people or a language after "in" for a place', () => {
    expect(places('The law was written in March 1990 in English in Boston.')).toEqual(['Boston']);
  });

  it('keeps a number of things a count, not a date', () => {
    expect(dates('1500 soldats arrivent.')).toEqual([]);
    expect(findEntities('1500 soldats arrivent.').some((e) => e.kind === 'count')).toBe(true);
  });
});

describe('question kinds', () => {
  it.each([
    ['Lors de quel mois le roi est-il mort ?', 'fr', 'date'],
    ['À quelle époque le château fut-il construit ?', 'fr', 'date'],
    ['In what month did the war start?', 'en', 'date'],
    ['What century was it built in?', 'en', 'date'],
    ['How long did the war last?', 'en', 'count'],
    ['Combien de temps a duré le siège ?', 'fr', 'count'],
    ['What wavelength is used to read a CD?', 'en', 'size'],
    ['Quelle est la longueur du fleuve ?', 'fr', 'size'],
    ['Dans quelle ville est né Victor Hugo ?', 'fr', 'place'],
    ['What continent is Kenya on?', 'en', 'place'],
    ['Quel roi a signé le traité ?', 'fr', 'person'],
    // One word may qualify the noun; a verb or an article does not.
    ['Which English king hired mercenaries?', 'en', 'person'],
    ['In what European country is it well developed?', 'en', 'place'],
    ['During which historical period did the town grow?', 'en', 'date'],
    ['What enhances man’s faith according to Albertus?', 'en', 'other'],
    ['What is the city known for?', 'en', 'other'],
    // "when" / « quand » after another question word opens a clause; it does not ask for a date.
    ['When did the war start?', 'en', 'date'],
    ['Since when have the monks brewed beer?', 'en', 'date'],
    ['What is the process called when gypsum is added to water?', 'en', 'other'],
    ['Who was king when the war started?', 'en', 'person'],
    ['Quand le roi est-il mort ?', 'fr', 'date'],
    ['Que boit-on quand on est enrhumé ?', 'fr', 'other'],
    ['Qui régnait quand la guerre a éclaté ?', 'fr', 'person'],
  ] as const)('%s → %s', (q, lang, kind) => {
    expect(classify(q, lang)).toBe(kind);
  });
});

describe('attributes and cognates', () => {
  const engine = Engine.fromArticles([
    article('b', 'fr', 'Un peintre', 'Le peintre était de nationalité inconnue pour certains, mais il est né italien à Florence.\n\nSa toile la plus connue est rouge.'),
  ]);

  it('a word of the asked class answers for the class noun', () => {
    const colour = engine.ask('Quelle couleur a sa toile la plus connue ?');
    expect(colour.answered && colour.excerpts[0].text).toContain('rouge');
  });

  it('professions and instruments are classes too, asked in the plural as well', () => {
    const musician = Engine.fromArticles([
      article('m', 'fr', 'Un musicien', [
        'Jean Arlet naît à Dijon en 1820. Il grandit dans la maison de sa tante, à Dijon.',
        'Jean Arlet joue du violoncelle dès 1830. Il devient pasteur à Dijon en 1845, comme son père.',
      ].join('\n\n')),
    ]);
    const instrument = musician.ask('What instrument did Jean Arlet play?');
    expect(instrument.answered && instrument.excerpts[0].text).toContain('violoncelle');
    const profession = musician.ask('Quelles professions Jean Arlet a-t-il exercées à Dijon ?');
    expect(profession.answered && profession.excerpts[0].text).toContain('pasteur');
  });

  it('guesses French forms of English words by their endings', () => {
    expect(cognates('university')).toEqual(['universite']);
    expect(cognates('electric')).toEqual(['electrique']);
    expect(cognates('history')).toEqual(['histoire']);
    expect(cognates('famous')).toContain('fameux');
    expect(cognates('cat')).toEqual([]);
    expect(cognates('typically')).toEqual(['typiquement']);
    expect(cognates('syrian')).toEqual(['syrien', 'syrienne']);
    expect(cognates('democracy')).toContain('democratie');
    expect(cognates('conflict')).toEqual(['conflit']);
  });
});

describe('paraphrases through the glossary', () => {
  const engine = Engine.fromArticles([
    article('p', 'en', 'A bridge', [
      'Work on the Orval bridge started in 1932, under the engineer Paul Vance.',
      'The Orval bridge is 300 metres long, and its work crews were praised in 1950.',
    ].join('\n\n')),
    article('q', 'fr', 'Une ville', [
      'Les travaux du viaduc de Brenne ont débuté en 1932, sous la direction de Paul Vance.',
      'Les travaux du viaduc de Brenne ont été salués en 1950 par la presse.',
    ].join('\n\n')),
  ]);

  it('an English word meets another English word it shares a French rendering with (begin, start)', () => {
    const begin = parseQuery('When did work on the Orval bridge begin?', engine.searchIndex).groups.find((g) => g.label === 'begin')!;
    expect(begin.variants.map((v) => v.term)).toContain('start');
    const answer = engine.ask('When did work on the Orval bridge begin?');
    expect(answer.answered && answer.excerpts[0].text).toContain('started in 1932');
  });

  it('a French word meets another French word that renders the same English one (commencer, débuter)', () => {
    const answer = engine.ask('Quand les travaux du viaduc de Brenne ont-ils commencé ?');
    expect(answer.answered && answer.excerpts[0].text).toContain('débuté en 1932');
  });

  it('a name has no paraphrases', () => {
    const orval = parseQuery('Who built the Orval bridge?', engine.searchIndex).groups.find((g) => g.label === 'Orval')!;
    expect(orval.variants.map((v) => v.term)).toEqual(['orval']);
  });
});
