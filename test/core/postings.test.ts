// The index's own search against real minisearch 7 built on the same passages: the answer model
// was fitted on minisearch's scores, so they must be the same to the last bit, in the same order.
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { terms as termsOf } from '../../src/core/analysis/analyze.js';
import type { Article } from '../../src/core/article.js';
import { cutPassages } from '../../src/core/passages.js';
import { parseQuery, termsOfVariant } from '../../src/core/question.js';
import { SearchIndex } from '../../src/core/search-index.js';
import { synthesize, questions } from '../../src/bench/synth.js';
import { realArticles } from '../helpers/corpus.js';

type Doc = { id: string; text: string };

/** minisearch configured as veille's index was: one field of analysed terms, ids as strings. */
function minisearchOf(articles: Article[]): MiniSearch<Doc> {
  const split = (s: string) => s.split(' ').filter(Boolean);
  const mini = new MiniSearch<Doc>({ fields: ['text'], tokenize: split, processTerm: (t) => t, searchOptions: { tokenize: split, processTerm: (t) => t } });
  let id = 0;
  for (const a of articles) for (const p of cutPassages(a)) mini.add({ id: String(id++), text: termsOf(p.text, a.lang).join(' ') });
  return mini;
}

/** The terms and boosts rank.ts sends for a question. */
function queryOf(question: string, index: SearchIndex): Map<string, number> {
  const boost = new Map<string, number>();
  for (const g of parseQuery(question, index).groups)
    for (const v of g.variants) for (const t of termsOfVariant(v)) boost.set(t, Math.max(boost.get(t) ?? 0, v.weight * (g.isName ? 1.5 : 1)));
  return boost;
}

function compare(index: SearchIndex, mini: MiniSearch<Doc>, questionTexts: string[]): number {
  let compared = 0;
  for (const q of questionTexts) {
    const boost = queryOf(q, index);
    const termList = [...boost.keys()];
    const expected = mini
      .search({ queries: termList, combineWith: 'OR' }, { boostTerm: (t) => boost.get(t) ?? 1 })
      .slice(0, 160)
      .map((h) => ({ id: Number(h.id), score: h.score }));
    const got = index.search(termList, (t) => boost.get(t) ?? 1, 160);
    expect(got, q).toEqual(expected);
    compared += expected.length;
  }
  return compared;
}

describe('the index search', () => {
  it('returns exactly what minisearch returns for the questions of the real corpus (scores to the bit, ties in its order)', async () => {
    const articles = await realArticles();
    const index = SearchIndex.build(articles);
    const qs = ['how big is Hyperion', 'combien de GPU Meta aura-t-il', 'who runs Meta Superintelligence Labs', 'Meta AI datacenter investissement', 'Llama 4 LMArena', 'the of la de'];
    expect(compare(index, minisearchOf(articles), qs)).toBeGreaterThan(100);
  });

  it('returns exactly what minisearch returns on a synthetic corpus of 150 articles', async () => {
    const corpus = synthesize(await realArticles(), 150, 7);
    const index = SearchIndex.build(corpus.articles);
    const qs = questions(corpus, 60).map((q) => q.text);
    expect(compare(index, minisearchOf(corpus.articles), qs)).toBeGreaterThan(1000);
  });

  it('ranks as minisearch both ways it sums scores: a table of the few passages met, arrays over all of them for many', async () => {
    const corpus = synthesize(await realArticles(), 150, 7);
    const index = SearchIndex.build(corpus.articles);
    const mini = minisearchOf(corpus.articles);
    // Each term alone, then the question's terms in pairs: rare terms meet a few passages (the kept
    // table), common ones and long queries meet more than a quarter (arrays made for the search).
    const queries: string[][] = [];
    for (const q of questions(corpus, 40, 5)) {
      const termList = [...queryOf(q.text, index).keys()];
      for (const t of termList) queries.push([t]);
      for (let i = 0; i + 1 < termList.length; i += 2) queries.push([termList[i], termList[i + 1]]);
    }
    queries.push(['de', 'la', 'the', 'of', 'meta']);
    const met = (termList: string[]) => termList.reduce((n, t) => n + (index.df.get(t) ?? 0), 0) / index.passageCount;
    let few = 0;
    let many = 0;
    for (const termList of queries) {
      const boost = (t: string) => 1 + (t.length % 3) / 2;
      const expected = mini
        .search({ queries: termList, combineWith: 'OR' }, { boostTerm: boost })
        .slice(0, 40)
        .map((h) => ({ id: Number(h.id), score: h.score }));
      expect(index.search(termList, boost, 40), termList.join(' ')).toEqual(expected);
      if (met(termList) > 0.25) many++;
      else if (expected.length) few++;
    }
    expect(few).toBeGreaterThan(50);
    expect(many).toBeGreaterThan(0);
  });

  it('after articles are added and removed, searches as an index built from the articles left', async () => {
    const corpus = synthesize(await realArticles(), 60, 3);
    const live = SearchIndex.build(corpus.articles.slice(0, 40));
    for (const a of corpus.articles.slice(40)) live.add(a);
    // Removing a third compacts the postings on the way (more than a tenth of the passages gone).
    const removed = corpus.articles.filter((_, i) => i % 3 === 0);
    for (const a of removed) live.remove(a.id);
    const left = corpus.articles.filter((_, i) => i % 3 !== 0);
    const fresh = SearchIndex.build(left);
    // Passage ids differ (removed ones leave holes): compare by article and position.
    const key = (index: SearchIndex, id: number) => `${index.articleIdOf(id)}#${index.passage(id).position}`;
    for (const q of questions(corpus, 40).map((x) => x.text)) {
      const boost = queryOf(q, fresh);
      const a = live.search([...boost.keys()], (t) => boost.get(t) ?? 1, 50).map((h) => [key(live, h.id), h.score]);
      const b = fresh.search([...boost.keys()], (t) => boost.get(t) ?? 1, 50).map((h) => [key(fresh, h.id), h.score]);
      expect(a.map((x) => x[0])).toEqual(b.map((x) => x[0]));
      a.forEach((x, i) => expect(x[1]).toBeCloseTo(b[i][1] as number, 9));
      // The passages holding each term (what rank.ts counts an article's paragraphs by): the same
      // ones, in ascending order, removed passages left out.
      const everything = (index: SearchIndex) => [{ from: 0, to: index.passageSlots }];
      for (const t of boost.keys()) {
        const ids = live.passagesWithin(t, everything(live));
        expect(ids).toEqual([...ids].sort((x, y) => x - y));
        expect(ids.map((id) => key(live, id))).toEqual(fresh.passagesWithin(t, everything(fresh)).map((id) => key(fresh, id)));
        // Within two articles' passages: those of the list that fall there, no other.
        const ranges = [corpus.articles[1], corpus.articles[50]].map((a) => live.articles.get(a.id)!.passageIds).map((p) => ({ from: p[0], to: p.at(-1)! }));
        expect(live.passagesWithin(t, ranges)).toEqual(ids.filter((id) => ranges.some((r) => id >= r.from && id <= r.to)));
      }
    }
    for (const a of removed) expect(live.articles.has(a.id)).toBe(false);
    expect(live.passageCount).toBe(fresh.passageCount);
    expect([...live.df].sort()).toEqual([...fresh.df].sort());
  });

  it('finds a newly added article at once, and forgets a removed one', async () => {
    const index = SearchIndex.build(await realArticles());
    const [first] = await realArticles();
    expect(index.search(['zorglub'], () => 1, 10)).toEqual([]);
    index.add({ ...first, id: 'zorglub', title: 'Zorglub', body: 'Zorglub ouvre une usine à Lyon.\n\nRien à voir.' });
    const hits = index.search(['zorglub'], () => 1, 10);
    expect(hits.map((h) => index.articleIdOf(h.id))).toEqual(['zorglub']);
    expect(index.passage(hits[0].id).text).toBe('Zorglub ouvre une usine à Lyon.');
    const all = [{ from: 0, to: index.passageSlots }];
    expect(index.passagesWithin('zorglub', all)).toEqual([hits[0].id]);
    index.remove('zorglub');
    expect(index.search(['zorglub'], () => 1, 10)).toEqual([]);
    expect(index.passagesWithin('zorglub', all)).toEqual([]);
    expect(index.df.has('zorglub')).toBe(false);
  });
});
