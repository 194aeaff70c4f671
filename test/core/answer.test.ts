import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { parseQuery } from '../../src/core/question.js';
import { fixtureArticle, realArticles, realEngine, squash } from '../helpers/corpus.js';

describe('ask', () => {
  it('answers how big Hyperion is with the capacity marked, cited, and corroborated', async () => {
    const engine = await realEngine();
    const answer = engine.ask('how big is Hyperion');
    expect(answer.answered).toBe(true);
    if (!answer.answered) return;
    expect(answer.kind).toBe('size');
    const [top] = answer.excerpts;
    expect(top.text).toContain('Hyperion');
    expect(top.span && top.text.slice(top.span.start, top.span.end)).toBe('5 gigawatts');
    expect(top.article).toMatchObject({ id: expect.any(String), title: expect.any(String) });
    expect(answer.corroboration?.figure).toBe('5 gigawatts');
    expect(answer.corroboration?.articles.length).toBe(2);
  });

  it('answers in French and in English, over French text', async () => {
    const engine = await realEngine();
    const fr = engine.ask('Quand Prometheus sera-t-il opérationnel ?');
    const en = engine.ask('when will Prometheus be operational');
    for (const a of [fr, en]) {
      expect(a.answered).toBe(true);
      if (a.answered) expect(a.excerpts[0].text).toMatch(/2026/);
    }
  });

  it('cites only verbatim article text of at most 400 characters', async () => {
    const engine = await realEngine();
    const bodies = (await realArticles()).map((a) => squash(a.body));
    for (const q of ['how much will Meta spend on AI this year', 'Llama 4 coding', 'qui est Alexandr Wang', 'superintelligence']) {
      const a = engine.ask(q);
      for (const e of a.excerpts) {
        expect(e.text.length).toBeLessThanOrEqual(400);
        expect(bodies.some((b) => b.includes(squash(e.text)))).toBe(true);
      }
    }
  });

  it('says "not in the articles" for what the corpus does not cover, with topics it can answer about', async () => {
    const engine = await realEngine();
    for (const q of ['how tall is the Eiffel Tower', 'quand sort Llama 5 ?', 'best pizza in Naples']) {
      const a = engine.ask(q);
      expect(a.answered, q).toBe(false);
      if (!a.answered) {
        expect(a.reason).toBe('not-found');
        expect(a.message).toMatch(/not in the articles/i);
        expect(a.suggestions.length).toBeGreaterThan(0);
      }
    }
  });

  it('marks the fact of the kind asked for: a place, a share, a revenue', async () => {
    const engine = await realEngine();
    const span = (q: string) => {
      const a = engine.ask(q);
      const e = a.answered ? a.excerpts[0] : undefined;
      return e?.span ? e.text.slice(e.span.start, e.span.end) : null;
    };
    expect(span('où est construit Hyperion')).toBe('Louisiane');
    expect(span('what share of Scale AI does Meta own')).toBe('49 %');
    expect(span("quel est le chiffre d'affaires de Meta")).toBe('179 milliards');
    // Two figures in reach: the one beside every word of the question, not the one beside one of them.
    expect(span('combien de puces H100')).toBe('600 000 unités');
    expect(span('Combien de GPU ont OpenAI et xAI ?')).toBe('200 000 de ces puces');
  });

  it('answers French questions with an English loanword, and typed questions with extra phrasing', async () => {
    const engine = await realEngine();
    const top = (q: string) => {
      const a = engine.ask(q);
      return a.answered ? a.excerpts[0].text : '';
    };
    expect(top('Combien de GPU ont OpenAI et xAI ?')).toContain('200 000');
    expect(top('Combien coûte Stargate ?')).toContain('500 milliards de dollars');
    expect(top('when is Prometheus coming online')).toMatch(/Prometheus.*2026/);
  });

  it('prefers the words of the question side by side, and describes a person asked about by name', async () => {
    const engine = await realEngine();
    const ceo = engine.ask('Qui est le PDG de Meta ?');
    const e = ceo.answered ? ceo.excerpts[0] : undefined;
    expect(e?.span && e.text.slice(e.span.start, e.span.end)).toBe('Mark Zuckerberg');
    const who = engine.ask('who is Sam Altman');
    expect(who.answered && who.excerpts[0].text).toContain('Sam Altman');
    expect(who.answered && who.excerpts[0].span).toBeNull();
  });

  it('declines a question about a thing the corpus never speaks of', async () => {
    const engine = await realEngine();
    for (const q of ['what is the boiling point of water', 'who is the mayor of Zanzibar']) expect(engine.ask(q).answered, q).toBe(false);
  });

  it('answers the Hyperion question asked in English and in French with the 5 gigawatts sentence', async () => {
    const engine = await realEngine();
    for (const q of ['how big is Hyperion', 'quelle est la taille d’Hyperion', 'Hyperion fait quelle taille', 'Quelle capacité aura Hyperion ?']) {
      const a = engine.ask(q);
      expect(a.answered, q).toBe(true);
      if (a.answered) expect(a.excerpts[0].text, q).toMatch(/Hyperion.*5 gigawatts/);
    }
  });

  it('leaves out a handle the articles never write: "@bob how big is Hyperion" is answered, "@elonmusk" when quoted stays', async () => {
    const engine = await realEngine();
    for (const q of ['@bob how big is Hyperion', 'how big is Hyperion @bob', '@Bob quelle est la taille d’Hyperion']) {
      const a = engine.ask(q);
      expect(a.answered, q).toBe(true);
      if (a.answered) expect(a.excerpts[0].text, q).toMatch(/Hyperion.*5 gigawatts/);
    }
    // Without the @, the same word is a name the articles never mention: the question is declined.
    expect(engine.ask('Bob how big is Hyperion').answered).toBe(false);
    const quoting = Engine.fromArticles([fixtureArticle('tweet', 'en', 'A post', 'On Monday @elonmusk posted that the rocket would fly in May.')]);
    const quoted = quoting.ask('when did @elonmusk say the rocket would fly');
    expect(quoted.answered && quoted.excerpts[0].text).toContain('@elonmusk posted');
    expect(parseQuery('when did @elonmusk say the rocket would fly', quoting.searchIndex).groups.map((g) => g.label)).toContain('elonmusk');
  });

  it('tolerates typos and other number forms', async () => {
    const engine = await realEngine();
    const typo = engine.ask('how big is Hyperoin');
    expect(typo.answered && typo.excerpts[0].text).toMatch(/5 gigawatts/);
    const number = engine.ask('which data center will have 600,000 H100 chips');
    expect(number.answered && number.excerpts[0].text).toMatch(/600 000/);
  });

  it('pages with "more excerpts": the next ones, none repeated', async () => {
    const engine = await realEngine();
    const first = engine.ask('superintelligence', { limit: 2 });
    expect(first.answered).toBe(true);
    if (!first.answered) return;
    expect(first.moreAvailable).toBeGreaterThan(0);
    const next = engine.ask('superintelligence', { limit: 2, offset: 2 });
    expect(next.answered && next.excerpts.length).toBeGreaterThan(0);
    const seen = new Set(first.excerpts.map((e) => e.text));
    for (const e of next.excerpts) expect(seen.has(e.text)).toBe(false);
  });

  it('asks for a question when given none, and refuses an over-long one without searching', async () => {
    const engine = await realEngine();
    const empty = engine.ask('   ');
    expect(empty).toMatchObject({ answered: false, reason: 'empty' });
    const long = engine.ask('Hyperion '.repeat(60));
    expect(long).toMatchObject({ answered: false, reason: 'too-long' });
    if (!long.answered) expect(long.message).toMatch(/500/);
  });
});
