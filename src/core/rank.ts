// Ranks excerpts for a parsed query: the index's search finds candidate passages, then each sentence
// (and each pair of neighbouring sentences) is scored on the query's term groups it holds, the
// groups its passage holds around it, and whether it carries the kind of fact asked for.
import type { QuestionKind, Span } from './types.js';
import { termsOfVariant, type ParsedQuery, type Variant } from './question.js';
import type { Entity, EntityKind } from './analysis/entities.js';
import type { AnalyzedSentence, IndexedArticle, SearchIndex } from './search-index.js';

export const MAX_EXCERPT = 400;
/** Above this share of passages, a term is too common to look passages up by. */
const COMMON_SHARE = 0.01;
const COMMON_FLOOR = 200;

export interface Candidate {
  passageId: number;
  article: IndexedArticle;
  /** Offsets of the excerpt in the passage text. */
  start: number;
  end: number;
  first: number;
  last: number;
  /** Share of the query's weight found in the excerpt itself (0..1). */
  inside: number;
  /** Share of the query's weight found in the excerpt or around it (passage, heading, title). */
  coverage: number;
  /** Coverage counting only the question's words the corpus knows (phrasing like "coming" left out). */
  coverageOfKnown: number;
  /** Every name of the question is in the excerpt itself. */
  namesInside: boolean;
  /** Share of the query's weight its passage names outright (no partial phrase, no context). */
  mentions: number;
  /** Share of the weight of the question's ordinary words (not names) found in the excerpt; 1 when it has none. */
  wordsInside: number;
  /** Every name of the question is in the excerpt's passage, the one before, its heading or the title. */
  namesAround: boolean;
  /** The question's focus word is in the excerpt (true when it has none). */
  focusInside: boolean;
  /** The entity of the asked kind that answers, with offsets in the passage. */
  answer: Entity | null;
  score: number;
  /** Term offsets (in the passage) that matched the query. */
  hits: Span[];
  /** Further evidence the answer model weighs (see features.ts). */
  signals: CandidateSignals;
}

/** Raw measurements of one candidate, each a number the answer model turns into a feature. */
export interface CandidateSignals {
  /** The passage's search score over the best passage's (0..1). */
  search: number;
  /** Share of the query's weight the article's title holds. */
  title: number;
  /** Share of the names' weight found in the excerpt itself (1 when the question names nothing). */
  namesInside: number;
  /** How well the question's rarest group is met inside the excerpt (0..1). */
  rarestInside: number;
  /** Share of the weight found inside only through a weaker form (translation, stem of a name, typo fix). */
  weakInside: number;
  /** Words of two groups side by side, and a name opening the sentence (0 or 1). */
  adjacent: number;
  namesEarly: number;
  /** Characters of the excerpt. */
  length: number;
  /** The excerpt is itself a question (0 or 1). */
  endsWithQuestion: number;
  /** Distinct terms in the excerpt, and how many of them are not the question's. */
  terms: number;
  novel: number;
  /** Characters between the first and last word of the question found, over the excerpt's length. */
  spread: number;
  /** The passage's place in the search results (0 first). */
  passageRank: number;
  /** Share of the question's ordinary words' weight in the passage when it holds every name, else 0 (1 without ordinary words). */
  wordsWithNamesInPassage: number;
  /** Share of the question's weight the passage holds, and the best such share among the article's passages searched. */
  passageShare: number;
  articleBestPassageShare: number;
  /**
   * The same shares as `inside` and `passageShare`, each word weighed by how rare it is among its
   * article's passages rather than in the corpus: the words that tell the article's paragraphs apart
   * (the article's own subject, in most of them, weighs little).
   */
  localInside: number;
  localPassageShare: number;
  /** Share of the question's weight missing from the excerpt but met in the sentence just before or after it. */
  neighbours: number;
  /** Distinct pairs of the question's groups met side by side in the excerpt, over the pairs a question of that many groups can have side by side (groups - 1). */
  pairs: number;
  /** Characters between the fact of the asked kind and the nearest word of the question (null without such a fact). */
  answerGap: number | null;
}

const WANTED: Record<QuestionKind, EntityKind[]> = {
  size: ['size'],
  money: ['money'],
  count: ['count', 'size'],
  date: ['date'],
  place: ['place'],
  person: ['person'],
  share: ['share'],
  comparison: [],
  other: [],
};

/** Kinds of question whose answer is a figure or a date. */
export const FIGURE_KINDS: ReadonlySet<QuestionKind> = new Set<QuestionKind>(['size', 'money', 'count', 'date', 'share']);

const COMPARISON = /(?<![\p{L}])(?:équivalent|equivalent|comme|comparable|compar\p{L}*|autant|soit|l'équivalent|représente)(?![\p{L}])/iu;

export function rankCandidates(query: ParsedQuery, index: SearchIndex, maxPassages = 40): Candidate[] {
  const groups = query.groups.filter((g) => g.variants.length);
  if (!groups.length) return [];
  const total = groups.reduce((s, g) => s + g.weight, 0);
  const wordsTotal = groups.reduce((s, g) => s + (g.isName ? 0 : g.weight), 0);
  const knownTotal = groups.reduce((s, g) => s + (g.known ? g.weight : 0), 0);
  const boost = new Map<string, number>();
  for (const g of groups)
    for (const v of g.variants)
      for (const t of termsOfVariant(v)) boost.set(t, Math.max(boost.get(t) ?? 0, v.weight * (g.isName ? 1.5 : 1)));
  // Terms in more than one passage in a hundred (`ia`, `meta` in a large corpus) find nothing the
  // rarer ones do not, and cost most of the search: they are left to the reranking, which counts
  // every group. Below a few hundred passages a term costs nothing, so none is left out.
  const common = (t: string) => (index.df.get(t) ?? 0) > Math.max(COMMON_FLOOR, index.passageCount * COMMON_SHARE);
  const rare = [...boost.keys()].filter((t) => !common(t));
  const hits = index.search(rare.length ? rare : [...boost.keys()], (t) => boost.get(t) ?? 1, maxPassages * 4);
  // "who is Sam Altman" asks for a description of the name, not for another person near it.
  const wanted = query.kind === 'person' && groups.every((g) => g.isName) ? [] : WANTED[query.kind];
  /** The question asks for a figure or a date, which the entity rules always find where written. */
  const figureAsked = FIGURE_KINDS.has(query.kind);
  // Which group each query term stands for (the rarest, when two share it): an answer is looked
  // for near the question's words, each group counted once.
  const groupOfTerm = new Map<string, number>();
  groups.forEach((g, k) =>
    g.variants.flatMap(termsOfVariant).forEach((t) => {
      const held = groupOfTerm.get(t);
      if (held === undefined || groups[held].weight < g.weight) groupOfTerm.set(t, k);
    }),
  );
  const queryTerms = new Set(groupOfTerm.keys());
  const out: Candidate[] = [];
  const searchScore = new Map(hits.map((h) => [h.id, h.score]));
  const topSearch = hits[0]?.score || 1;
  const rarest = groups.reduce((r, g, k) => (g.weight > groups[r].weight ? k : r), 0);
  const namesTotal = groups.reduce((s, g) => s + (g.isName ? g.weight : 0), 0);
  let ids = hits.slice(0, maxPassages).map((h) => h.id);
  if (rare.length && rare.length < boost.size) {
    // Looked up by rarer terms only, the passages were ranked without the common ones: take more,
    // and keep those that hold most of the whole question (a cheap look at each passage's terms).
    ids = hits
      .slice(0, maxPassages * 4)
      .map((h, order) => {
        const terms = index.analysedPassage(h.id).terms;
        return { id: h.id, order, held: groups.reduce((sum, g) => sum + g.weight * best(g.variants, terms), 0) };
      })
      .sort((a, b) => b.held - a.held || a.order - b.order)
      .slice(0, maxPassages)
      .map((c) => c.id);
  }
  const placeOf = new Map(hits.map((h, i) => [h.id, i]));
  // How each group is met by each passage as a whole (measured once: the loop below reads it too);
  // how much of the question each passage holds, and the best of each article: the right
  // paragraph is most often the one of its article that holds most of the question.
  const matchOfPassage = new Map(ids.map((id) => [id, groups.map((g) => best(g.variants, index.analysedPassage(id).terms))]));
  const shareOfPassage = new Map(ids.map((id) => [id, groups.reduce((sum, g, k) => sum + g.weight * matchOfPassage.get(id)![k], 0) / total]));
  const articleBestShare = new Map<string, number>();
  for (const id of ids) {
    const article = index.articleOf(id).id;
    articleBestShare.set(article, Math.max(articleBestShare.get(article) ?? 0, shareOfPassage.get(id)!));
  }
  const localWeights = localWeightsOf(groups, ids, index);
  for (const id of ids) {
    const passage = index.passage(id);
    const analysed = index.analysedPassage(id);
    const article = index.articleOf(id);
    const sentences = analysed.sentences;
    // How each group is met by the passage as a whole and by its surroundings.
    // The paragraph before often names what this one goes on about ("C'est beaucoup plus que…").
    const previous = index.articleIdOf(id - 1) === passage.articleId ? index.analysedPassage(id - 1).terms : new Set<string>();
    const passageMatch = matchOfPassage.get(id)!;
    const titleMatch = groups.map((g) => best(g.variants, article.titleTerms));
    const aroundMatch = groups.map((g, k) => {
      const inHeading = best(g.variants, analysed.headingTerms);
      const inPrevious = best(g.variants, previous);
      return Math.max(passageMatch[k] * 0.5, inHeading * 0.4, inPrevious * 0.35, titleMatch[k] * 0.25);
    });
    const sentenceMatch = sentences.map((s) => groups.map((g) => best(g.variants, s.terms)));
    // The question's ordinary words in a passage that names everything it names: a passage
    // about the same things and the same relation ("salaire" beside "Sam Altman").
    const namesInPassage = groups.every((g, k) => !g.isName || passageMatch[k] > 0);
    const wordsInPassage = wordsTotal ? groups.reduce((sum, g, k) => sum + (g.isName ? 0 : g.weight * passageMatch[k]), 0) / wordsTotal : 1;
    const namesAround = groups.every((g, k) => !g.isName || aroundMatch[k] > 0);
    const focusIndex = query.focus ? groups.indexOf(query.focus) : -1;
    const title = groups.reduce((s, g, k) => s + g.weight * titleMatch[k], 0) / total;
    const search = (searchScore.get(id) ?? 0) / topSearch;
    const local = localWeights.get(article.id)!;
    const localTotal = local.reduce((sum, w) => sum + w, 0) || 1;
    const localPassageShare = local.reduce((sum, w, k) => sum + w * passageMatch[k], 0) / localTotal;
    for (let first = 0; first < sentences.length; first++) {
      for (let last = first; last <= Math.min(first + 1, sentences.length - 1); last++) {
        const start = sentences[first].start;
        const end = sentences[last].end;
        if (last > first && end - start > MAX_EXCERPT) continue;
        let inside = 0;
        let around = 0;
        let covered = 0;
        let namesInside = true;
        let mentioned = 0;
        let wordsInside = 0;
        let namesIn = 0;
        let weak = 0;
        let rarestInside = 0;
        let localInside = 0;
        let focusMet = false;
        const window = sentences.slice(first, last + 1);
        const hitSpans = window.flatMap((s) => matchedSpans(s, groupOfTerm, s.start));
        // A window without a word of the question is never cited: no need to look for its facts
        // or measure its shape.
        const picked = hitSpans.length ? pickAnswer(window, wanted, hitSpans, groups) : null;
        const answer = picked?.entity ?? null;
        let beside = 0;
        groups.forEach((g, k) => {
          const said = last > first ? Math.max(sentenceMatch[first][k], sentenceMatch[last][k]) : sentenceMatch[first][k];
          // "combien coûte Stargate": « 500 milliards de dollars » says what « coûte » asks. Without a
          // figure or date where one is asked, the word itself says nothing of it: « Hyperion fait
          // quelle taille » is not answered by « Meta ne fait pas les choses à moitié ». (A place or a
          // person the entity rules may miss, so there the word as written still counts.)
          const m = g.namesKind ? (answer ? 1 : figureAsked ? 0 : said) : said;
          if (k === focusIndex) focusMet = m > 0;
          inside += g.weight * m;
          localInside += local[k] * m;
          if (g.isName) namesIn += g.weight * m;
          if (m > 0 && m < 0.9) weak += g.weight;
          if (k === rarest) rarestInside = m;
          if (!g.isName) wordsInside += g.weight * m;
          else if (m === 0) namesInside = false;
          if (m < 1) around += g.weight * Math.max(0, aroundMatch[k] - m * 0.5);
          const near = Math.max(sentenceMatch[first - 1]?.[k] ?? 0, sentenceMatch[last + 1]?.[k] ?? 0);
          if (near > m) beside += g.weight * (near - m);
          covered += g.weight * (m > 0 || aroundMatch[k] > 0 ? 1 : 0);
          if (passageMatch[k] >= 0.7) mentioned += g.weight;
        });
        const shape = inside > 0 ? shapeOf(window, queryTerms, hitSpans, end - start) : { terms: 0, novel: 0, spread: 0 };
        // The kind of fact asked for multiplies relevance; it never makes up for missing terms.
        let score = (inside + around * 0.7) / total;
        if (answer) score *= 1.45;
        const excerptText = passage.text.slice(start, end);
        if (query.kind === 'comparison' && COMPARISON.test(excerptText)) score *= 1.25;
        const isQuestion = /\?\s*$/.test(excerptText);
        if (isQuestion) score *= 0.8;
        if (last > first) score *= 0.94;
        if (end - start < 40) score *= 0.95;
        // A sentence about a name tends to open with it; a sentence with facts says more.
        const early = namesEarly(window[0], groups);
        if (early) score *= 1.08;
        // Words of the question side by side ("le PDG de Meta") say more than the same words apart.
        const adjacentPairs = adjacentGroups(window, groups);
        const adjacent = adjacentPairs > 0;
        if (adjacent) score *= 1.06;
        if (query.kind === 'other' && inside > 0 && window.some((s) => s.entities.some((e) => e.kind !== 'person'))) score *= 1.08;
        out.push({
          passageId: id,
          article,
          start,
          end,
          first,
          last,
          inside: inside / total,
          coverage: covered / total,
          coverageOfKnown: knownTotal ? covered / knownTotal : 0,
          namesInside,
          mentions: mentioned / total,
          wordsInside: wordsTotal ? wordsInside / wordsTotal : 1,
          namesAround,
          focusInside: focusIndex < 0 || focusMet,
          answer,
          score,
          hits: hitSpans,
          signals: {
            search,
            title,
            namesInside: namesTotal ? namesIn / namesTotal : 1,
            rarestInside,
            weakInside: weak / total,
            adjacent: adjacent ? 1 : 0,
            namesEarly: early ? 1 : 0,
            length: end - start,
            endsWithQuestion: isQuestion ? 1 : 0,
            ...shape,
            passageRank: placeOf.get(id) ?? hits.length,
            wordsWithNamesInPassage: namesInPassage ? wordsInPassage : 0,
            passageShare: shareOfPassage.get(id)!,
            articleBestPassageShare: articleBestShare.get(article.id)!,
            localInside: localInside / localTotal,
            localPassageShare,
            neighbours: beside / total,
            pairs: groups.length > 1 ? Math.min(1, adjacentPairs / (groups.length - 1)) : 0,
            answerGap: picked ? picked.distance : null,
          },
        });
      }
    }
  }
  return out.sort((a, b) => b.score - a.score || a.passageId - b.passageId || a.start - b.start);
}

/**
 * Each group's weight within each article of the passages searched: its weight times how rare it is
 * among that article's passages (an idf over the article, as BM25 reckons one over the corpus).
 */
function localWeightsOf(groups: ParsedQuery['groups'], ids: number[], index: SearchIndex): Map<string, number[]> {
  const byId = new Map<string, { id: string; from: number; to: number }>();
  for (const id of ids) {
    const article = index.articleOf(id);
    if (byId.has(article.id)) continue;
    const passageIds = article.passageIds;
    byId.set(article.id, { id: article.id, from: passageIds[0], to: passageIds[passageIds.length - 1] });
  }
  const ranges = [...byId.values()].sort((a, b) => a.from - b.from);
  // Each term's postings read once, keeping only the passages of those articles.
  const holding = new Map<string, number[]>();
  const within = (t: string) => {
    let list = holding.get(t);
    if (!list) holding.set(t, (list = index.passagesWithin(t, ranges)));
    return list;
  };
  const counts = groups.map((g) => {
    const held = new Set<number>();
    for (const t of new Set(g.variants.flatMap(termsOfVariant))) for (const id of within(t)) held.add(id);
    const perArticle = new Array<number>(ranges.length).fill(0);
    for (const id of held) perArticle[rangeOf(ranges, id)]++;
    return perArticle;
  });
  const out = new Map<string, number[]>();
  ranges.forEach((r, i) => {
    const n = r.to - r.from + 1;
    out.set(
      r.id,
      groups.map((g, k) => g.weight * Math.log(1 + (n - counts[k][i] + 0.5) / (counts[k][i] + 0.5))),
    );
  });
  return out;
}

/** The place of the range (ascending, not overlapping) that holds `id`. */
function rangeOf(ranges: readonly { from: number; to: number }[], id: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid].from <= id) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function namesEarly(s: AnalyzedSentence, groups: ParsedQuery['groups']): boolean {
  const names = new Set(groups.filter((g) => g.isName).flatMap((g) => g.variants.map((v) => v.term)));
  if (!names.size) return false;
  const length = s.end - s.start;
  return s.spans.some((t) => names.has(t.term) && t.start <= length / 4);
}

/** A rendering met in part counts this much of its weight, times the share of it met. */
const PART_WEIGHT = 0.6;

/** How well a set of terms meets a group: the weight of its best variant there. */
function best(variants: Variant[], terms: Set<string>): number {
  let m = 0;
  for (const v of variants) {
    if (v.weight <= m) continue;
    if (!v.all) {
      if (terms.has(v.term)) m = v.weight;
    } else {
      // Part of a rendering (`puces` for `puce graphique`) is a weaker match, as much as its words say.
      let met = 0;
      for (let i = 0; i < v.all.length; i++) if (terms.has(v.all[i])) met += v.shares?.[i] ?? 1 / v.all.length;
      if (met >= 0.999) m = v.weight;
      else if (met > 0) m = Math.max(m, v.weight * PART_WEIGHT * met);
    }
  }
  return m;
}

/** How many distinct pairs of the question's groups match within a few words of each other. */
function adjacentGroups(window: AnalyzedSentence[], groups: ParsedQuery['groups']): number {
  const pairs = new Set<number>();
  for (const s of window) {
    const hits: { group: number; start: number; end: number }[] = [];
    for (const t of s.spans)
      groups.forEach((g, k) => {
        if (g.variants.some((v) => termsOfVariant(v).includes(t.term))) hits.push({ group: k, start: t.start, end: t.end });
      });
    for (let i = 0; i < hits.length; i++)
      for (let j = i + 1; j < hits.length; j++)
        if (hits[i].group !== hits[j].group && Math.abs(hits[j].start - hits[i].end) <= 6)
          pairs.add(Math.min(hits[i].group, hits[j].group) * groups.length + Math.max(hits[i].group, hits[j].group));
  }
  return pairs.size;
}

/** A query term met in a sentence: its offsets in the passage and the group it stands for. */
interface Hit extends Span {
  group: number;
}

/** The sentence's terms that are query terms. */
function matchedSpans(s: AnalyzedSentence, groupOfTerm: Map<string, number>, base: number): Hit[] {
  const hits: Hit[] = [];
  for (const t of s.spans) {
    const group = groupOfTerm.get(t.term);
    if (group !== undefined) hits.push({ start: base + t.start, end: base + t.end, group });
  }
  return hits;
}

/** Distinct terms of a window, how many the question does not use, and how far apart its matches lie. */
function shapeOf(window: AnalyzedSentence[], queryTerms: Set<string>, hits: Span[], length: number): Pick<CandidateSignals, 'terms' | 'novel' | 'spread'> {
  const terms = new Set(window.flatMap((s) => [...s.terms]));
  let novel = 0;
  for (const t of terms) if (!queryTerms.has(t)) novel++;
  const spread = hits.length ? (Math.max(...hits.map((h) => h.end)) - Math.min(...hits.map((h) => h.start))) / Math.max(1, length) : 0;
  return { terms: terms.size, novel, spread };
}

/**
 * How fast a word's pull on the answer fades, in characters (e^-gap/NEAR_CHARS). Measured by
 * `node eval/spans.mjs` (marked facts on a gold answer, first 1,500 fitted questions): 20 →
 * PIAF 178 of 263, SQuAD 190 of 283; 40 → 181 / 192; the nearest-word rule before it, 176 / 182.
 */
const NEAR_CHARS = 40;

/**
 * The entity of a wanted kind nearest the question's words, with offsets in the passage, and its
 * distance in characters to the nearest of them. Nearest all of them, each group by its weight:
 * in « 600 000 unités NVIDIA H100, des puces […]. OpenAI […] disposerait de 200 000 de ces puces »,
 * "combien de puces H100" is answered by the figure beside both words, not by the one beside
 * « puces » alone.
 */
function pickAnswer(window: AnalyzedSentence[], wanted: EntityKind[], hits: Hit[], groups: ParsedQuery['groups']): { entity: Entity; distance: number } | null {
  const met = [...new Set(hits.map((h) => h.group))];
  const metWeight = met.reduce((sum, k) => sum + groups[k].weight, 0) || 1;
  let bestEntity: Entity | null = null;
  let bestRank = Infinity;
  let bestGap = 0;
  for (const s of window)
    for (const e of s.entities) {
      if (!wanted.includes(e.kind)) continue;
      const start = s.start + e.start;
      const end = s.start + e.end;
      // An entity that is itself a query term (the asked name) is not the answer.
      if (hits.some((h) => h.start >= start && h.end <= end) && e.kind !== 'count' && e.kind !== 'size' && e.kind !== 'money') continue;
      const gapTo = (h: Span) => (h.end <= start ? start - h.end : h.start >= end ? h.start - end : 0);
      const nearest = new Map<number, number>();
      for (const h of hits) nearest.set(h.group, Math.min(nearest.get(h.group) ?? Infinity, gapTo(h)));
      const gap = Math.min(...nearest.values());
      const nearness = met.reduce((sum, k) => sum + groups[k].weight * Math.exp(-nearest.get(k)! / NEAR_CHARS), 0) / metWeight;
      // The kind asked for first (nearness is at most 1), then the nearest.
      const rank = wanted.indexOf(e.kind) * 2 - nearness;
      if (rank < bestRank) [bestEntity, bestRank, bestGap] = [{ ...e, start, end }, rank, gap];
    }
  return bestEntity && { entity: bestEntity, distance: bestGap };
}
