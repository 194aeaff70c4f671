// Named features of a candidate excerpt and of a question's best candidate: the numbers the
// answer model (model.ts) weighs. Plain functions of the ranking's measurements, so that the
// training script (scripts/train.mjs) and the running bot compute exactly the same thing.
import type { ParsedQuery } from './question.js';
import { FIGURE_KINDS, type Candidate } from './rank.js';

/** What the ranker sees of one candidate, beside the others of the same question. */
export const RANK_FEATURES = [
  'inside', // idf-weighted share of the question in the excerpt
  'coverage', // … in the excerpt or around it (passage, previous paragraph, heading, title)
  'coverageOfKnown', // the same, over the question's words the corpus knows
  'mentions', // share the passage names outright
  'wordsInside', // share of the ordinary (non-name) words in the excerpt
  'namesInside', // share of the names' weight in the excerpt
  'namesAround', // every name is in the excerpt's surroundings (0/1)
  'focusInside', // the word naming what is asked is in the excerpt (0/1; 1 without a focus)
  'answer', // a fact of the kind asked for (a figure, a date, a place, a person) is there (0/1)
  'typedWithoutAnswer', // a figure or date is asked for and the excerpt has none (0/1)
  // What kind of fact is asked, the same for all of a question's candidates: nothing to the
  // softmax by itself, but the trees can weigh a fact found by its kind. The entity rules find a
  // figure where it is written, while a capitalised word after "in" or « à », a place or a person
  // for them, stands in most sentences of an encyclopaedia.
  'askedFigure', // a figure or a date is asked for (0/1)
  'askedName', // a place or a person is asked for (0/1)
  'search', // the passage's search score over the best passage's
  'title', // share of the question in the article's title
  'rarestInside', // the question's rarest group met in the excerpt
  'weakInside', // share met only through a translation, a name's stem or a typo fix
  'adjacent', // two words of the question side by side (0/1)
  'namesEarly', // a name of the question opens the sentence (0/1)
  'twoSentences', // the excerpt is two sentences (0/1)
  'length', // characters / 400
  'relativeScore', // the ranking's score over the question's best
  'leadOverOtherArticles', // score minus the best of another article, over the best
  'endsWithQuestion', // the excerpt is itself a question (0/1)
  'density', // inside over the log of the excerpt's distinct terms: short and to the point
  'novelShare', // share of the excerpt's terms the question does not use (the answer is news to it)
  'spread', // how far apart the question's words lie in the excerpt
  'passageRank', // log(1 + place of its passage in the search)
  'bestOfPassage', // the best-scored excerpt of its passage (0/1)
  'passageShare', // idf-weighted share of the question its passage holds
  'behindArticleBest', // how much less of the question its passage holds than the article's best passage searched
  'neighbours', // share of the question missing from the excerpt but in the sentence before or after
  'pairs', // share of the question's pairs of words met side by side
  'answerNear', // the fact of the asked kind lies near the question's words: 1 beside them, 0.5 thirty characters away, 0 without one
  'localInside', // inside, each word weighed by its rarity among the article's passages: what sets this paragraph apart
  'localPassageShare', // … the same over the whole passage
  // How far the excerpt falls behind the question's best candidate on a measure: a tree sees
  // "the most of the question there is" only this way, since the raw share differs from question
  // to question.
  'insideBehind',
  'coverageBehind',
  'wordsInsideBehind',
  'pairsBehind',
  'localInsideBehind',
  'passageShareBehind',
  'answerNearBehind',
  'rarestInsideBehind',
  'neighboursBehind',
] as const;

/** What the answerability model sees of a question and its best candidate. */
export const ANSWER_FEATURES = [
  'topShare', // log-odds of the best candidate's share of the ranker's belief
  'marginLogit', // the ranker's lead of the best candidate over the best from another article
  'unknownName', // the question names something, or gives a figure, the corpus never mentions (0/1)
  'focusUnknown', // what is asked for is a word the corpus never uses (0/1)
  'knownShare', // share of the question's weight the corpus knows
  'topInside',
  'topCoverage',
  'topNamesAround',
  'topRarestInside',
  'hasNames', // the question names something (0/1)
  'topTypedWithoutAnswer',
  'groups', // log(1 + number of term groups)
  'crossLanguage', // question and best article in different languages (0/1)
  'topWeakInside',
  'topWordsInside', // share of the question's ordinary words in the best excerpt
  'topFocusMissing', // the question has a focus word and the best excerpt lacks it (0/1)
  'topAnswer', // the best excerpt has a fact of the kind asked for (0/1)
  'topMentions',
  'topWordsMissing', // the question has ordinary words and the best excerpt holds none of them (0/1)
  'topFocusAndWordsMissing', // … and the word naming what is asked is missing too: a near miss (0/1)
  'topTypedAnswerWithNames', // a figure or date is asked, the best excerpt has one and every name (0/1)
  // Whether the question's words and names meet anywhere: the near miss ("the salary of Sam
  // Altman", both known, never together) has them only apart.
  'wordsWithNames', // best share of the ordinary words in an excerpt holding every name
  'wordsWithNamesInPassage', // … in a passage holding every name
] as const;

export type RankFeature = (typeof RANK_FEATURES)[number];
export type AnswerFeature = (typeof ANSWER_FEATURES)[number];

const flag = (b: boolean) => (b ? 1 : 0);

/** One row of RANK_FEATURES for each candidate (in the order given). */
export function rankFeatures(query: ParsedQuery, candidates: Candidate[]): number[][] {
  const best = candidates.reduce((m, c) => Math.max(m, c.score), 0) || 1;
  // The best score of each article, and the best two overall, for the lead over other articles.
  const byArticle = new Map<string, number>();
  for (const c of candidates) byArticle.set(c.article.id, Math.max(byArticle.get(c.article.id) ?? 0, c.score));
  const ranked = [...byArticle.entries()].sort((a, b) => b[1] - a[1]);
  const typed = FIGURE_KINDS.has(query.kind);
  const bestOfPassage = new Map<number, number>();
  for (const c of candidates) bestOfPassage.set(c.passageId, Math.max(bestOfPassage.get(c.passageId) ?? 0, c.score));
  const rows = candidates.map((c) => {
    const other = ranked.find(([id]) => id !== c.article.id)?.[1] ?? 0;
    const s = c.signals;
    const row: Record<Exclude<RankFeature, BehindFeature>, number> = {
      inside: c.inside,
      coverage: c.coverage,
      coverageOfKnown: c.coverageOfKnown,
      mentions: c.mentions,
      wordsInside: c.wordsInside,
      namesInside: s.namesInside,
      namesAround: flag(c.namesAround),
      focusInside: flag(c.focusInside),
      answer: flag(c.answer !== null),
      typedWithoutAnswer: flag(typed && c.answer === null),
      askedFigure: flag(typed),
      askedName: flag(query.kind === 'place' || query.kind === 'person'),
      search: s.search,
      title: s.title,
      rarestInside: s.rarestInside,
      weakInside: s.weakInside,
      adjacent: s.adjacent,
      namesEarly: s.namesEarly,
      twoSentences: flag(c.last > c.first),
      length: s.length / 400,
      relativeScore: c.score / best,
      leadOverOtherArticles: (c.score - other) / best,
      endsWithQuestion: s.endsWithQuestion,
      density: c.inside / Math.log2(2 + s.terms),
      novelShare: s.terms ? s.novel / s.terms : 0,
      spread: s.spread,
      passageRank: Math.log1p(s.passageRank),
      bestOfPassage: flag(c.score >= (bestOfPassage.get(c.passageId) ?? 0)),
      passageShare: s.passageShare,
      behindArticleBest: s.articleBestPassageShare - s.passageShare,
      neighbours: s.neighbours,
      pairs: s.pairs,
      // Thirty characters, about five words: a soft scale, not a cut-off.
      answerNear: s.answerGap === null ? 0 : 1 / (1 + s.answerGap / 30),
      localInside: s.localInside,
      localPassageShare: s.localPassageShare,
    };
    return row;
  });
  const top = Object.fromEntries(BEHIND.map((f) => [f, rows.reduce((m, r) => Math.max(m, r[f]), -Infinity)])) as Record<BehindOf, number>;
  return rows.map((row) => {
    const behind = Object.fromEntries(BEHIND.map((f) => [`${f}Behind`, top[f] - row[f]])) as Record<BehindFeature, number>;
    const all: Record<RankFeature, number> = { ...row, ...behind };
    return RANK_FEATURES.map((f) => all[f]);
  });
}

/** The measures whose shortfall from the question's best candidate is a feature of its own. */
const BEHIND = ['inside', 'coverage', 'wordsInside', 'pairs', 'localInside', 'passageShare', 'answerNear', 'rarestInside', 'neighbours'] as const;
type BehindOf = (typeof BEHIND)[number];
type BehindFeature = `${BehindOf}Behind`;

/** The row of ANSWER_FEATURES for a question whose candidates the ranker scored (best first). */
export function answerFeatures(query: ParsedQuery, top: Candidate, topShare: number, lead: number, candidates: Candidate[]): number[] {
  const total = query.groups.reduce((s, g) => s + g.weight, 0) || 1;
  const known = query.groups.reduce((s, g) => s + (g.known ? g.weight : 0), 0);
  const row: Record<AnswerFeature, number> = {
    // Capped like the lead: a ranker sure of one candidate (share 1 - 1e-9, log-odds 20.7) is
    // no surer past 10, and the linear model, fitted where 99.9 % of questions lie below 9.2,
    // extrapolated its slight negative weight into a veto ("how much will Zorblax cost", one
    // sentence holding the name, the cost and the figure, p 0.50).
    topShare: Math.min(10, topShare),
    // Capped: a question whose candidates all come from one article leads by infinity.
    marginLogit: Math.min(10, lead),
    // A name or a figure (a year, a number) the corpus never mentions.
    unknownName: flag(query.groups.some((g) => (g.isName || /\d/.test(g.label)) && !g.known)),
    focusUnknown: flag(query.focusUnknown),
    knownShare: known / total,
    topInside: top.inside,
    topCoverage: top.coverage,
    topNamesAround: flag(top.namesAround),
    topRarestInside: top.signals.rarestInside,
    hasNames: flag(query.groups.some((g) => g.isName)),
    topTypedWithoutAnswer: flag(FIGURE_KINDS.has(query.kind) && top.answer === null),
    groups: Math.log1p(query.groups.length),
    crossLanguage: flag(query.lang !== top.article.lang),
    topWeakInside: top.signals.weakInside,
    topWordsInside: top.wordsInside,
    topFocusMissing: flag(query.focus !== null && !top.focusInside),
    topAnswer: flag(top.answer !== null),
    topMentions: top.mentions,
    topWordsMissing: flag(query.groups.some((g) => !g.isName) && top.wordsInside === 0),
    topFocusAndWordsMissing: flag(query.focus !== null && !top.focusInside && top.wordsInside < 0.5),
    topTypedAnswerWithNames: flag(FIGURE_KINDS.has(query.kind) && top.answer !== null && top.namesInside && query.groups.some((g) => g.isName)),
    wordsWithNames: candidates.reduce((m, c) => (c.namesInside ? Math.max(m, c.wordsInside) : m), 0),
    wordsWithNamesInPassage: candidates.reduce((m, c) => Math.max(m, c.signals.wordsWithNamesInPassage), 0),
  };
  return ANSWER_FEATURES.map((f) => row[f]);
}
