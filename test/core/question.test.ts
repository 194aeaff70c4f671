// English questions over French text (issue #10): how an English question's words meet French articles.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { parseQuery } from '../../src/core/question.js';
import { fixtureArticle } from '../helpers/corpus.js';

/** A French article of the fixture corpus. */
const article = (id: string, title: string, body: string) => fixtureArticle(id, 'fr', title, body);

describe('a capitalised English word the corpus knows from a name', () => {
  const engine = Engine.fromArticles([
    article('robben', 'Nelson Mandela', [
      'Nelson Mandela fut détenu à Robben Island pendant dix-huit ans. La prison de Robben Island ferma en 1996.',
      'Le Parlement vota la loi en 1994.',
    ].join('\n\n')),
    article('hans', 'Un rocher disputé', [
      "L'île Hans, un rocher de 1,3 km2, est située entre le Groenland et le Canada.",
      'Le Danemark et le Canada se la disputèrent pendant cinquante ans.',
    ].join('\n\n')),
    article('scale', 'Une start-up', 'Meta investit 14 milliards de dollars dans Scale AI. Cette échelle inquiète les concurrents de Scale AI.'),
  ]);
  const index = engine.searchIndex;

  it('still meets its translation: "Hans Island" is answered from « l’île Hans »', () => {
    expect(index.isProperNoun('island')).toBe(true);
    const island = parseQuery('How big is Hans Island?', index).groups.find((g) => g.label === 'Island')!;
    expect(island.isName).toBe(true);
    expect(island.variants.map((v) => v.term)).toEqual(expect.arrayContaining(['island', 'ile']));
    const answer = engine.ask('How big is Hans Island?');
    expect(answer.answered).toBe(true);
    if (answer.answered) expect(answer.excerpts[0].text).toContain("L'île Hans, un rocher de 1,3 km2");
  });

  it('but not inside a name the corpus writes as asked: "Scale AI" does not meet « échelle »', () => {
    const scale = parseQuery('How much did Meta invest in Scale AI?', index).groups.find((g) => g.label === 'Scale')!;
    expect(scale.isName).toBe(true);
    expect(scale.variants.map((v) => v.term)).toEqual(['scale']);
    const island = parseQuery('Who was held on Robben Island?', index).groups.find((g) => g.label === 'Island')!;
    expect(island.variants.map((v) => v.term)).not.toContain('ile');
  });
});

describe('names spelt differently in English and French', () => {
  const engine = Engine.fromArticles([
    article('pouchkine', 'Un poète', [
      'Alexandre Pouchkine voit le jour à Moscou en 1799. Pouchkine est mort en duel en 1837.',
      'Son grand-père maternel, Abraham Hannibal, était un général.',
    ].join('\n\n')),
    article('rome', 'Un historien', "Tite-Live a écrit une histoire de Rome en cent quarante-deux livres. Il est né à Padoue."),
  ]);

  it('an English question naming Pushkin or Livy is answered from « Pouchkine », « Tite-Live »', () => {
    for (const [q, want] of [
      ['In what year did Pushkin die?', 'mort en duel en 1837'],
      ['How many books did Livy write?', 'cent quarante-deux livres'],
    ]) {
      const answer = engine.ask(q);
      expect(answer.answered, q).toBe(true);
      if (answer.answered) expect(answer.excerpts[0].text, q).toContain(want);
    }
  });
});

describe('English word forms the glossary reaches through another', () => {
  const engine = Engine.fromArticles([
    article('villes', 'Deux villes', [
      'Lyon a grandi rapidement au XIXe siècle, portée par la soie.',
      'Vienne a grandi lentement, à l’écart des grandes routes.',
    ].join('\n\n')),
    article('peintre', 'Un peintre', 'Le Caravage, peintre italien, travaille à Rome. Il fuit la ville en 1606.'),
  ]);

  it('an adverb in -ly means what its adjective does: "quickly" meets « rapidement »', () => {
    const quickly = parseQuery('Which city grew quickly?', engine.searchIndex).groups.find((g) => g.label === 'quickly')!;
    expect(quickly.known).toBe(true);
    const answer = engine.ask('Which city grew quickly?');
    expect(answer.answered && answer.excerpts[0].text).toContain('Lyon a grandi rapidement');
  });

  it('a possessive name the corpus writes otherwise is not the focus: "Caravaggio’s nationality" asks a nationality', () => {
    const query = parseQuery("What was Caravaggio's nationality?", engine.searchIndex);
    expect(query.focus?.label).toBe('nationality');
    const answer = engine.ask("What was Caravaggio's nationality?");
    expect(answer.answered && answer.excerpts[0].text).toContain('peintre italien');
  });
});

describe('an asked attribute over articles in the other language', () => {
  const engine = Engine.fromArticles([
    article('poete', 'Un poète', 'Goethe, poète allemand, naît à Francfort en 1749.\n\nSa maison natale est aujourd’hui un musée.'),
    fixtureArticle('painter', 'en', 'A painter', 'Rembrandt, the Dutch painter, was born in Leiden in 1606.\n\nHis house in Amsterdam is now a museum.'),
  ]);

  it('is met by a word of its class in that language: "Goethe’s nationality" by « allemand », « la nationalité de Rembrandt » by "Dutch"', () => {
    const goethe = engine.ask("What was Goethe's nationality?");
    expect(goethe.answered && goethe.excerpts[0].text).toContain('poète allemand');
    const rembrandt = engine.ask('Quelle est la nationalité de Rembrandt ?');
    expect(rembrandt.answered && rembrandt.excerpts[0].text).toContain('the Dutch painter');
  });
});

describe('ordinals', () => {
  const engine = Engine.fromArticles([
    article('chateau', 'Un château', 'Le château fut bâti au XVIIIe siècle par un marquis.\n\nLe pont voisin fut bâti au XVe siècle par les moines.'),
  ]);

  it('"the 18th century" meets « XVIIIe siècle », and its suffix is no word of its own', () => {
    const groups = parseQuery('Who built the castle in the 18th century?', engine.searchIndex).groups.map((g) => g.label);
    expect(groups).toContain('18th');
    expect(groups).not.toContain('th');
    const answer = engine.ask('What was built in the 18th century?');
    expect(answer.answered && answer.excerpts[0].text).toContain('XVIIIe siècle par un marquis');
  });
});

describe('a phrase of the glossary over English text', () => {
  const engine = Engine.fromArticles([
    { ...article('history', 'Modern history', 'The cold war ended in 1991 with the fall of the Soviet Union.\n\nThe war in the Pacific ended in 1945.'), lang: 'en' },
  ]);

  it('is still met as asked, not only through its French renderings ("cold war", « guerre froide »)', () => {
    const coldWar = parseQuery('When did the cold war end?', engine.searchIndex).groups.find((g) => g.label === 'cold war')!;
    expect(coldWar.known).toBe(true);
    const answer = engine.ask('When did the cold war end?');
    expect(answer.answered && answer.excerpts[0].text).toContain('The cold war ended in 1991');
  });
});

describe('« né » is a word, not the stop word « ne »', () => {
  const engine = Engine.fromArticles([
    article('poete', 'Un poète', "Alexandre Pouchkine est né à Moscou en 1799.\n\nIl ne quitte guère la Russie, et ne voyage qu'en 1829 dans le Caucase.\n\nPouchkine est mort en duel en 1837."),
    article('romancier', 'Un romancier', "Léon Tolstoï est né en 1828 à Iasnaïa Poliana.\n\nIl ne publie Guerre et Paix qu'en 1869."),
  ]);

  it('"When was Pushkin born?" is answered from « né à Moscou en 1799 »', () => {
    expect(parseQuery('When was Pushkin born?', engine.searchIndex).groups.find((g) => g.label === 'born')?.known).toBe(true);
    const answer = engine.ask('When was Pushkin born?');
    expect(answer.answered && answer.excerpts[0].text).toContain('né à Moscou en 1799');
    // « ne » itself stays a stop word: it does not make « ne voyage » a match for "born".
    const tolstoy = engine.ask('Where was Tolstoy born?');
    expect(tolstoy.answered && tolstoy.excerpts[0].text).toContain('né en 1828 à Iasnaïa Poliana');
  });
});

describe('a typo fix', () => {
  const engine = Engine.fromArticles([
    article('meta', 'Meta', [
      'Meta, le grand groupe américain, se porte garant de sa stratégie marketing.',
      'Le coût de ses centres de données est estimé à des centaines de milliards de dollars.',
      'Le remplacement de ses serveurs est prévu pour 2027.',
    ].join('\n\n')),
  ]);
  const index = engine.searchIndex;
  const groupOf = (question: string, label: string) => parseQuery(question, index).groups.find((g) => g.label === label)!;

  it('starts from the word as written, never from a paraphrase: a real word the articles lack stays unknown', () => {
    // `stock` → `grant` (a paraphrase through « titre ») → `grand`, `garant`; `market` → `marketing`.
    const stock = groupOf("what's Meta's stock price", 'stock');
    expect(stock.known).toBe(false);
    expect(stock.variants.map((v) => v.term)).not.toEqual(expect.arrayContaining(['grand']));
    expect(stock.variants.map((v) => v.term)).not.toEqual(expect.arrayContaining(['garant']));
    expect(stock.variants.map((v) => v.term)).not.toEqual(expect.arrayContaining(['marketing']));
    expect(engine.ask("what's Meta's stock price").answered).toBe(false);
  });

  it('mends what the user typed, not a translation: `location` → « emplacement », which the articles lack, is not « remplacement »', () => {
    const location = groupOf("what is the location of Meta's servers", 'location');
    expect(location.known).toBe(false);
    expect(location.variants.map((v) => v.term)).not.toContain('remplac');
    // The word as typed is still mended: `remplacment` → « remplacement ».
    expect(groupOf('when is the remplacment of the servers', 'remplacment').variants.map((v) => v.term)).toContain('remplac');
  });

  it('still mends a misspelt word', () => {
    const misspelt = groupOf('what does the marketting say', 'marketting');
    expect(misspelt.known).toBe(true);
    expect(misspelt.variants.map((v) => v.term)).toContain('marketing');
  });
});

describe('a word that only restates a place question', () => {
  const engine = Engine.fromArticles([
    article('campus', 'Les campus de Meta', 'Le premier campus, Prometheus, ouvrira dans l’Ohio en 2026.\n\nHyperion atteindra 5 gigawatts.'),
  ]);

  it('is no search term when the articles never use it: "where is Prometheus located" meets « dans l’Ohio »', () => {
    const query = parseQuery('where is Prometheus located', engine.searchIndex);
    expect(query.kind).toBe('place');
    expect(query.groups.map((g) => g.label)).toEqual(['Prometheus']);
    const answer = engine.ask('where is Prometheus located');
    expect(answer.answered && answer.excerpts[0].text).toContain('dans l’Ohio');
    expect(parseQuery('où est située Prometheus', engine.searchIndex).groups.map((g) => g.label)).toEqual(['Prometheus']);
  });

  // Here the articles use « trouve » (of Meta's head office), so it stays a search term.
  const siege = Engine.fromArticles([
    article('campus', 'Les campus de Meta', 'Le premier campus, Prometheus, ouvrira dans l’Ohio en 2026.\n\nLe siège de Meta se trouve à Menlo Park, en Californie.'),
  ]);

  it('is met by the place where the articles use it elsewhere: « où se trouve Prometheus », with or without the accent', () => {
    for (const question of ['où se trouve Prometheus', 'ou se trouve Prometheus', 'Ou se trouve Prometheus ?']) {
      const query = parseQuery(question, siege.searchIndex);
      expect(query.kind).toBe('place');
      expect(query.groups.map((g) => g.label)).toEqual(['trouve', 'Prometheus']);
      const answer = siege.ask(question);
      expect(answer.answered && answer.excerpts[0].text, question).toContain('dans l’Ohio');
    }
  });

  it('restates a place only: in « qui a trouvé… » the verb is asked about', () => {
    const who = parseQuery('qui a trouvé le nom de Prometheus', siege.searchIndex);
    expect(who.kind).toBe('person');
    expect(who.groups.find((g) => g.label === 'trouvé')?.namesKind).toBeFalsy();
    expect(parseQuery('où se trouve Prometheus', siege.searchIndex).groups.find((g) => g.label === 'trouve')?.namesKind).toBe(true);
  });
});

describe('an English word that is also French', () => {
  const engine = Engine.fromArticles([
    fixtureArticle('oath', 'en', 'The oath', 'He raised his right hand to take the oath.\n\nThe main river of the city is the Lee.'),
  ]);
  const renderings = (question: string, label: string) =>
    parseQuery(question, engine.searchIndex).groups.find((g) => g.label === label)?.variants.map((v) => v.term);

  it('keeps its English sense: "main" is not « main », a hand', () => {
    expect(renderings('what is the main river', 'main')).not.toContain('hand');
  });

  it('while a French question’s « main » still meets "hand" in English articles', () => {
    expect(renderings('qui a levé la main droite', 'main')).toContain('hand');
  });
});

describe('an acronym the other language writes in another order', () => {
  const engine = Engine.fromArticles([
    article('ogm', 'Les cultures modifiées', [
      'Les OGM sont interdits à la culture en France depuis 2008.',
      'Le SAOS affecte quasiment 2 % des personnes adultes.',
      'Le cor est un instrument à vent.',
    ].join('\n\n')),
  ]);

  it('is met by the acronym the articles write with its letters: GMOs by « OGM », OSAS by « SAOS »', () => {
    const gmo = engine.ask('Since when are GMOs banned in France?');
    expect(gmo.answered && gmo.excerpts[0].text).toContain('Les OGM sont interdits');
    const osas = engine.ask('What share of adults does OSAS affect?');
    expect(osas.answered && osas.excerpts[0].text).toContain('Le SAOS affecte');
  });

  it('only by an acronym of the other language: « cor », a common word, is not the ROC; in English, the ECB is not the BCE', () => {
    const english = Engine.fromArticles([fixtureArticle('bce', 'en', 'Ages', 'The city was founded in 753 BCE by Romulus.\n\nIt grew for centuries.')]);
    expect(parseQuery('What does the ECB do?', english.searchIndex).groups.find((g) => g.label === 'ECB')!.known).toBe(false);

    const roc = parseQuery('Who leads the ROC?', engine.searchIndex).groups.find((g) => g.label === 'ROC')!;
    expect(roc.known).toBe(false);
    expect(engine.ask('Who leads the ROC?').answered).toBe(false);
  });
});
