// Each feature the answer model weighs, measured on a small corpus written for the purpose.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { examine, decide } from '../../src/core/answer.js';
import { ANSWER_FEATURES, RANK_FEATURES, type AnswerFeature, type RankFeature } from '../../src/core/features.js';
import { answerModel } from '../../src/core/model.js';
import { fixtureArticle as article } from '../helpers/corpus.js';

const engine = Engine.fromArticles([
  article(
    'barrage',
    'fr',
    'Le barrage de Grand Lac',
    [
      'Le barrage de Grand Lac a été achevé en 1046, selon les chroniques de la vallée.',
      'La société Hydrolac exploite le barrage depuis 1980. Son directeur, Paul Martin, dirige une équipe de 40 ingénieurs.',
      'Les riverains craignent une crue. Le barrage retient pourtant 300 millions de mètres cubes.',
    ].join('\n\n'),
  ),
  article(
    'hyperion',
    'fr',
    'Les centres de données de Meta',
    [
      'Meta construit en Louisiane un centre de données nommé Hyperion.',
      'Hyperion atteindra une capacité de 5 gigawatts au fil des années.',
      'Les analystes doutent encore de la rentabilité du projet ?',
    ].join('\n\n'),
  ),
  article('solar', 'en', 'Solar farms in Nevada', 'The Nevada solar farm opened in March 2021.\n\nCritics say the farm costs too much.'),
]);
const index = engine.searchIndex;

/** The rank features of the candidate whose text holds `holding`, for question `q` (over the fixture corpus unless told). */
function rankRow(q: string, holding: string, on = index): Record<RankFeature, number> {
  const ex = examine(on, q);
  const at = ex.candidates.findIndex((c) => on.passage(c.passageId).text.slice(c.start, c.end).includes(holding) && c.first === c.last);
  expect(at, `a one-sentence candidate holding "${holding}" for "${q}"`).toBeGreaterThanOrEqual(0);
  return Object.fromEntries(RANK_FEATURES.map((f, i) => [f, ex.rows[at][i]])) as Record<RankFeature, number>;
}

function answerRow(q: string): Record<AnswerFeature, number> {
  const ex = examine(index, q);
  const d = decide(answerModel(), ex.query, ex.candidates, ex.rows);
  expect(d.answerRow, q).not.toBeNull();
  return Object.fromEntries(ANSWER_FEATURES.map((f, i) => [f, d.answerRow![i]])) as Record<AnswerFeature, number>;
}

describe('rank features', () => {
  const q = 'quand le barrage de Grand Lac a-t-il été achevé';
  const right = rankRow(q, 'achevé en 1046');
  const other = rankRow(q, 'retient pourtant');

  it('share of the question inside the excerpt, around it, and named by the passage', () => {
    expect(right.inside).toBeGreaterThan(other.inside);
    expect(right.coverage).toBeGreaterThanOrEqual(right.inside);
    expect(right.coverageOfKnown).toBeGreaterThanOrEqual(right.coverage);
    expect(right.mentions).toBeGreaterThan(other.mentions);
    expect(right.wordsInside).toBeGreaterThan(other.wordsInside);
    expect(right.rarestInside).toBeGreaterThan(0);
  });

  it('names: inside, around, early in the sentence', () => {
    const name = rankRow('qui dirige le barrage Hydrolac', 'Hydrolac exploite');
    const around = rankRow('qui dirige le barrage Hydrolac', 'Paul Martin');
    const none = rankRow('qui dirige le barrage Hydrolac', 'achevé en 1046');
    expect(name.namesInside).toBe(1);
    expect(around.namesInside).toBe(0);
    expect(around.namesAround).toBe(1); // Hydrolac is in the sentence before
    expect(none.namesInside).toBe(0);
    expect(none.namesAround).toBe(0);
    expect(rankRow('Hyperion capacité', 'Hyperion atteindra').namesEarly).toBe(1);
    expect(rankRow('Hyperion capacité', 'Meta construit').namesEarly).toBe(0);
  });

  it('the asked kind of fact, and a figure asked for but missing', () => {
    expect(right.answer).toBe(1); // 1046 is a date
    const count = 'combien d’ingénieurs compte Hydrolac';
    expect(rankRow(count, 'Paul Martin').answer).toBe(1);
    expect(rankRow(count, 'Paul Martin').typedWithoutAnswer).toBe(0);
    expect(rankRow('quand Hydrolac craint une crue', 'craignent une crue').typedWithoutAnswer).toBe(1);
  });

  it('what kind of fact is asked: a figure or a date, a place or a person, or neither', () => {
    expect([right.askedFigure, right.askedName]).toEqual([1, 0]);
    expect([other.askedFigure, other.askedName]).toEqual([1, 0]); // the same for every candidate
    const where = rankRow('où Meta construit-il Hyperion', 'construit en Louisiane');
    expect([where.askedFigure, where.askedName]).toEqual([0, 1]);
    const what = rankRow('que craignent les riverains du barrage', 'craignent une crue');
    expect([what.askedFigure, what.askedName]).toEqual([0, 0]);
  });

  it('the focus word, the title, the search score and the place of the passage', () => {
    const focused = 'quelle capacité atteindra Hyperion';
    expect(rankRow(focused, 'atteindra une capacité').focusInside).toBe(1);
    expect(rankRow(focused, 'Meta construit').focusInside).toBe(0);
    expect(rankRow('barrage Grand Lac', 'achevé en 1046').title).toBeGreaterThan(rankRow('barrage Grand Lac', 'achevé en 1046').title * 0 + 0.5);
    expect(right.search).toBeGreaterThan(0);
    expect(right.search).toBeLessThanOrEqual(1);
    expect(right.passageRank).toBeLessThan(other.passageRank);
  });

  it('weaker forms: a translation counts as weak, the words as asked do not', () => {
    const en = rankRow('when will Hyperion reach its capacity', 'atteindra une capacité');
    const fr = rankRow('quand Hyperion atteindra sa capacité', 'atteindra une capacité');
    expect(en.weakInside).toBeGreaterThan(0);
    expect(fr.weakInside).toBe(0);
  });

  it('shape of the excerpt: length, a question, words side by side, density, novelty, spread', () => {
    expect(right.twoSentences).toBe(0);
    expect(right.length).toBeCloseTo('Le barrage de Grand Lac a été achevé en 1046, selon les chroniques de la vallée.'.length / 400, 5);
    expect(rankRow('rentabilité du projet', 'rentabilité').endsWithQuestion).toBe(1);
    expect(right.endsWithQuestion).toBe(0);
    expect(right.adjacent).toBe(1); // « Grand Lac » then « achevé » a few characters apart
    expect(right.density).toBeGreaterThan(other.density);
    expect(right.novelShare).toBeGreaterThan(0);
    expect(right.novelShare).toBeLessThan(1);
    expect(right.spread).toBeGreaterThan(0);
    expect(right.spread).toBeLessThanOrEqual(1);
  });

  it("the passage against its article's best passage, and the sentences beside the excerpt", () => {
    // The first paragraph holds the whole question; the third only « barrage ».
    expect(right.passageShare).toBeGreaterThan(other.passageShare);
    expect(right.behindArticleBest).toBe(0);
    expect(other.behindArticleBest).toBeCloseTo(right.passageShare - other.passageShare, 9);
    // « Hydrolac » and « barrage » are in the sentence before Paul Martin's, not in his.
    const asked = 'qui dirige le barrage Hydrolac';
    expect(rankRow(asked, 'Paul Martin').neighbours).toBeGreaterThan(0);
    expect(rankRow(asked, 'achevé en 1046').neighbours).toBe(0); // a paragraph of one sentence
  });

  it("the question's words weighed by their rarity among the article's paragraphs", () => {
    // « barrage » is in every paragraph of its article: there, it tells none of them apart.
    const asked = 'combien de mètres cubes le barrage retient-il';
    const holds = rankRow(asked, 'retient pourtant');
    const built = rankRow(asked, 'achevé en 1046');
    expect(built.inside).toBeGreaterThan(0);
    expect(built.localInside).toBeLessThan(built.inside);
    // The paragraph that holds the rest of the question stands further apart from the others.
    expect(holds.localInside - built.localInside).toBeGreaterThan(holds.inside - built.inside);
    expect(holds.localPassageShare).toBeGreaterThan(built.localPassageShare);
    expect(holds.localPassageShare).toBeLessThanOrEqual(1);
  });

  it("the question's words side by side, and the asked fact near them", () => {
    expect(right.pairs).toBeGreaterThan(0); // « barrage de Grand »
    expect(right.pairs).toBeLessThanOrEqual(1);
    expect(other.pairs).toBe(0); // « barrage » alone
    // 1980 right after « barrage depuis », and far from « société Hydrolac ».
    const near = rankRow('depuis quand Hydrolac exploite-t-il le barrage', 'Hydrolac exploite');
    const far = rankRow('en quelle année la société Hydrolac', 'Hydrolac exploite');
    expect(near.answer).toBe(1);
    expect(far.answer).toBe(1);
    expect(near.answerNear).toBeGreaterThan(far.answerNear);
    expect(far.answerNear).toBeGreaterThan(0);
    expect(near.answerNear).toBeLessThanOrEqual(1);
    expect(rankRow('quand Hydrolac craint une crue', 'craignent une crue').answerNear).toBe(0); // no date there
  });

  it('scores relative to the others: best of its passage, the question and other articles', () => {
    const best = rankRow(q, 'achevé en 1046');
    expect(best.relativeScore).toBe(1);
    expect(best.bestOfPassage).toBe(1);
    expect(best.leadOverOtherArticles).toBeGreaterThan(0);
    expect(other.relativeScore).toBeLessThan(1);
  });
});

describe('rank features against the question\'s best candidate', () => {
  it('each "…Behind" is how far the candidate falls behind the best on that measure', () => {
    const ex = examine(index, 'quand le barrage de Grand Lac a-t-il été achevé');
    const column = (f: RankFeature) => ex.rows.map((r) => r[RANK_FEATURES.indexOf(f)]);
    const behind = RANK_FEATURES.filter((f) => f.endsWith('Behind'));
    expect(behind.length).toBeGreaterThan(0);
    for (const f of behind) {
      const own = column(f.slice(0, -'Behind'.length) as RankFeature);
      const top = Math.max(...own);
      expect(column(f), f).toEqual(own.map((v) => top - v));
    }
    // The sentence that answers holds the most of the question; another of the same article less.
    expect(rankRow('quand le barrage de Grand Lac a-t-il été achevé', 'achevé en 1046').insideBehind).toBe(0);
    expect(rankRow('quand le barrage de Grand Lac a-t-il été achevé', 'retient pourtant').insideBehind).toBeGreaterThan(0);
  });
});

describe('a word that only names the kind of answer', () => {
  const small = Engine.fromArticles([
    article('moitie', 'fr', 'Hyperion', 'Meta ne fait pas les choses à moitié avec Hyperion.\n\nHyperion atteindra une capacité de 5 gigawatts.\n\nLa ville accueille Hyperion depuis peu.'),
  ]);
  const words = (q: string, holding: string) => rankRow(q, holding, small.searchIndex).wordsInside;

  it('is met by a fact of that kind where a figure is asked, not as written without one', () => {
    expect(words('Hyperion fait quelle taille', '5 gigawatts')).toBe(1);
    expect(words('Hyperion fait quelle taille', 'à moitié')).toBe(0);
  });

  it('still counts as written where a place is asked, which the entity rules may not recognise', () => {
    expect(words('dans quelle ville est Hyperion', 'La ville accueille')).toBeGreaterThan(0);
  });
});

describe('answerability features', () => {
  it('a name the corpus never mentions, a focus it never uses, the known share', () => {
    expect(answerRow('quand le barrage de Zanzibar a-t-il été achevé').unknownName).toBe(1);
    expect(answerRow('quand le barrage de Grand Lac a-t-il été achevé').unknownName).toBe(0);
    expect(answerRow('quelle est la turbidité du barrage').focusUnknown).toBe(1);
    expect(answerRow('quelle est la turbidité du barrage').knownShare).toBeLessThan(1);
    expect(answerRow('quand le barrage de Grand Lac a-t-il été achevé').knownShare).toBe(1);
  });

  it('the best excerpt: inside, coverage, names, rarest group, words, focus, fact, mentions', () => {
    const good = answerRow('quand le barrage de Grand Lac a-t-il été achevé');
    expect(good.topInside).toBeGreaterThan(0.5);
    expect(good.topCoverage).toBeGreaterThanOrEqual(good.topInside);
    expect(good.topNamesAround).toBe(1);
    expect(good.topRarestInside).toBeGreaterThan(0);
    expect(good.hasNames).toBe(1);
    expect(good.topAnswer).toBe(1);
    expect(good.topTypedWithoutAnswer).toBe(0);
    expect(good.topTypedAnswerWithNames).toBe(1);
    expect(good.topWordsInside).toBeGreaterThan(0);
    expect(good.topWordsMissing).toBe(0);
    expect(good.topMentions).toBeGreaterThan(0);
    expect(good.groups).toBeCloseTo(Math.log1p(examine(index, 'quand le barrage de Grand Lac a-t-il été achevé').query.groups.length), 9);
    // The names are there, the thing asked for is not.
    const near = answerRow('quelle crue pour Paul Martin');
    expect(near.topFocusMissing).toBe(1);
    expect(near.topWordsMissing).toBe(1);
    expect(near.topFocusAndWordsMissing).toBe(1);
  });

  it("whether the question's words ever meet its names: in one excerpt, in one passage", () => {
    // « crue » and Paul Martin are both in the corpus, never in one passage: a near miss.
    const near = answerRow('quelle crue pour Paul Martin');
    expect(near.wordsWithNames).toBe(0);
    expect(near.wordsWithNamesInPassage).toBe(0);
    // « ingénieurs » is in Paul Martin's sentence.
    const together = answerRow('combien d’ingénieurs pour Paul Martin');
    expect(together.wordsWithNames).toBe(1);
    expect(together.wordsWithNamesInPassage).toBe(1);
  });

  it('language and translated matches', () => {
    const en = answerRow('when will Hyperion reach its capacity');
    expect(en.crossLanguage).toBe(1);
    expect(en.topWeakInside).toBeGreaterThan(0);
    expect(answerRow('quand Hyperion atteindra sa capacité').crossLanguage).toBe(0);
  });

  it('the ranker: the best candidate’s share of belief and its lead over other articles', () => {
    const row = answerRow('quand le barrage de Grand Lac a-t-il été achevé');
    expect(Number.isFinite(row.topShare)).toBe(true);
    expect(row.marginLogit).toBeGreaterThan(0);
    expect(row.marginLogit).toBeLessThanOrEqual(10);
  });

  it('a ranker sure of one sentence is no surer past a share of 0.99995: the question it answers is answered', () => {
    const zorblax = Engine.fromArticles([
      article('cout', 'fr', 'Le vrai coût de l’IA', 'Le projet Zorblax coûtera 12 milliards de dollars selon les analystes du secteur.'),
      article('meta', 'fr', 'Meta', 'Le coût des centres de données de Meta est estimé à des centaines de milliards de dollars.\n\nHyperion atteindra 5 gigawatts.'),
    ]);
    const ex = examine(zorblax.searchIndex, 'how much will Zorblax cost');
    const d = decide(answerModel(), ex.query, ex.candidates, ex.rows);
    expect(d.answerRow![ANSWER_FEATURES.indexOf('topShare')]).toBe(10);
    const answer = zorblax.ask('how much will Zorblax cost');
    expect(answer.answered && answer.excerpts[0].text).toContain('12 milliards de dollars');
  });
});

describe('a rendering met in part', () => {
  const partial = Engine.fromArticles([
    article(
      'budgets',
      'fr',
      'Les budgets',
      [
        'Meta a investi 40 milliards de dollars l’an dernier.',
        'En début d’année, Microsoft a investi 80 milliards de dollars.',
        'Google a investi 30 milliards de dollars.',
        'L’année a été difficile pour les start-up.',
        'Une année de plus pour le projet.',
      ].join('\n\n'),
    ),
  ]).searchIndex;
  const inside = (holding: string) => {
    const ex = examine(partial, 'how much was invested last year');
    const c = ex.candidates.find((c) => partial.passage(c.passageId).text.slice(c.start, c.end).includes(holding) && c.first === c.last);
    expect(c, holding).toBeDefined();
    return c!.inside;
  };

  it('counts as much as the words it meets: a common « année » alone is not half of "last year"', () => {
    const whole = inside('l’an dernier') - inside('Google');
    const common = inside('début d’année') - inside('Google');
    expect(whole).toBeGreaterThan(0);
    expect(common).toBeGreaterThan(0);
    expect(common).toBeLessThan(whole / 2);
  });
});
