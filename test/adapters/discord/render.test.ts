import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, embedLength, excerptMarkdown, renderAnswer, renderSources } from '../../../src/adapters/discord/render.js';
import type { Article } from '../../../src/core/article.js';
import { Engine } from '../../../src/core/engine.js';
import type { AnsweredAnswer, ArticleRef, Excerpt } from '../../../src/core/types.js';

const ref = (id: string, title = `Article ${id}`): ArticleRef => ({
  id,
  title,
  source: 'Le Monde',
  date: '2025-07-18',
  url: `https://example.org/${id}`,
});

describe('excerptMarkdown', () => {
  it('puts the answer span in bold, outside any surrounding space', () => {
    const text = 'Prometheus sera opérationnel en 2026, tandis qu’Hyperion atteindra une capacité de 5 gigawatts au fil des années.';
    const start = text.indexOf(' 5 gigawatts ');
    expect(excerptMarkdown(text, { start, end: start + 13 })).toBe(
      'Prometheus sera opérationnel en 2026, tandis qu’Hyperion atteindra une capacité de **5 gigawatts** au fil des années.',
    );
  });

  it('shortens at a sentence boundary and drops the bold rather than bolding the wrong words', () => {
    const text = 'Meta investit. ' + 'Le groupe construit des centres de données. '.repeat(8) + 'Hyperion fera 5 gigawatts.';
    const start = text.indexOf('5 gigawatts');
    const md = excerptMarkdown(text, { start, end: start + 11 }, 120);
    expect(md).toMatch(/données\. …$/);
    expect(md).not.toContain('**');
  });
});

// Text with markdown characters, mentions and long words, as articles may contain.
const wordy = fc
  .array(fc.constantFrom('Hyperion', 'gigawatts', '*', '_', '@everyone', 'milliards.', 'superintelligence', 'a', '#', '\n', 'x'.repeat(60)), {
    minLength: 1,
    maxLength: 90,
  })
  .map((w) => w.join(' '));

const excerptArb: fc.Arbitrary<Excerpt> = fc
  .record({ text: wordy, id: fc.constantFrom('a', 'b', 'c', 'd'), title: wordy, s: fc.nat(), l: fc.nat(40) })
  .map(({ text, id, title, s, l }) => {
    const t = text.slice(0, 400);
    const start = Math.min(s % (t.length + 1), t.length);
    return { text: t, span: { start, end: Math.min(t.length, start + l) }, article: ref(id, title), score: 1 };
  });

const answerArb: fc.Arbitrary<AnsweredAnswer> = fc
  .record({ question: wordy, excerpts: fc.array(excerptArb, { minLength: 1, maxLength: 12 }), more: fc.nat(20) })
  .map(({ question, excerpts, more }) => ({
    question: question.slice(0, 500),
    answered: true,
    kind: 'size',
    excerpts,
    moreAvailable: more,
    corroboration: { figure: '5 gigawatts', articles: excerpts.map((e) => e.article) },
  }));

describe('renderAnswer', () => {
  it('for any answer: within every Discord limit, at least one excerpt, and nothing lost for "More excerpts"', () => {
    fc.assert(
      fc.property(answerArb, fc.nat(30), (answer, start) => {
        const { message, shown, more } = renderAnswer(answer, {
          start,
          buttons: () => ({ more: 'ask:more:x', share: 'ask:share:x:0' }),
        });
        expect(message.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
        const [embed] = message.embeds;
        expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
        expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
        expect(message.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
        expect(message.allowedMentions).toEqual({ parse: [] });
        expect(shown).toBeGreaterThanOrEqual(1);
        expect(shown + more).toBe(answer.excerpts.length + answer.moreAvailable);
        expect(embed.description).not.toMatch(/@everyone/);
        // The "More excerpts" button is there exactly when there is more to show.
        const labels = message.components.flatMap((r) => r.components.map((c) => ('label' in c ? c.label : '')));
        expect(labels.includes('More excerpts')).toBe(more > 0);
        expect(embed.footer!.text).toMatch(new RegExp(`^Excerpts? ${start + 1}`));
      }),
      { numRuns: 200 },
    );
  });

  it('shows fewer excerpts rather than exceeding 4096 characters, and counts the rest as more', () => {
    const long = 'Le groupe Meta construit des centres de données géants pour la superintelligence. '.repeat(5).slice(0, 400);
    const excerpts: Excerpt[] = Array.from({ length: 12 }, (_, n) => ({
      text: long,
      span: null,
      article: ref(`a${n}`, 'Un titre très long '.repeat(10).trim()),
      score: 1,
    }));
    const answer: AnsweredAnswer = {
      question: 'how big is Hyperion',
      answered: true,
      kind: 'size',
      excerpts,
      moreAvailable: 0,
      corroboration: null,
    };
    const { message, shown, more } = renderAnswer(answer);
    const description = message.embeds[0].description!;
    expect(shown).toBeLessThan(12);
    expect(more).toBe(12 - shown);
    expect(description.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    // Whole excerpts only: every quote is the full excerpt text.
    for (const quote of description.split('\n').filter((l) => l.startsWith('> '))) expect(quote).toBe(`> ${long} [${quote.match(/\[(\d+)\]$/)![1]}]`);
  });

  it('fits a long answer from the real engine in 4096 / 6000, showing whole excerpts and counting the rest as more', () => {
    // Ten articles with long paragraphs full of markdown characters (escaping makes them longer).
    const articles: Article[] = Array.from({ length: 10 }, (_, n) => ({
      id: `long-${n}`,
      title: `Le *projet* Hyperion_${n} : ${'un très long titre sur les centres de données '.repeat(4).trim()}`,
      source: 'Le_Monde',
      url: `https://example.org/hyperion/${n}`,
      date: '2025-07-18',
      lang: 'fr',
      added: '2025-07-18T00:00:00Z',
      body: `Le centre de données Hyperion_${n} de Meta, ${'dont les travaux avancent, dont les *turbines* à gaz sont livrées, dont les lignes__électriques sont tirées, '.repeat(3)}atteindra une capacité de ${n + 2} gigawatts en Louisiane selon les documents internes du groupe.`,
    }));
    const answer = Engine.fromArticles(articles).ask('Hyperion', { limit: 10 });
    if (!answer.answered) throw new Error('the engine should answer about Hyperion');
    expect(answer.excerpts.length).toBeGreaterThanOrEqual(8);
    const raw = answer.excerpts.reduce((n, e) => n + e.text.length, 0);
    expect(raw).toBeGreaterThan(LIMITS.embedDescription - 1000); // with citations and escaping, too long to show whole
    const { message, shown, more } = renderAnswer(answer);
    const [embed] = message.embeds;
    expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(shown).toBeLessThan(answer.excerpts.length);
    expect(more).toBe(answer.excerpts.length - shown + answer.moreAvailable);
    expect(embed.footer!.text).toBe(`Excerpts 1–${shown} · ${more} more in the articles`);
    const quotes = embed.description!.split('\n').filter((l) => l.startsWith('> '));
    expect(quotes).toHaveLength(shown);
    const unescape = (md: string) => md.replace(/\*\*(?!\*)/g, '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
    quotes.forEach((q, n) => expect(unescape(q)).toBe(`> ${answer.excerpts[n].text} ${q.match(/\[\d+\]$/)![0]}`));
  });

  it('says there is nothing more when "More excerpts" goes past the last one', () => {
    const { message, shown } = renderAnswer(
      { question: 'q', answered: true, kind: 'other', excerpts: [], moreAvailable: 0, corroboration: null },
      { start: 9 },
    );
    expect(shown).toBe(0);
    expect(message.embeds).toEqual([]);
    expect(message.content).toBe('No more excerpts on this question in the articles.');
  });

  it('renders "not in the articles" as a short text with the suggested topics', () => {
    const { message } = renderAnswer({
      question: 'who won the world cup',
      answered: false,
      reason: 'not-found',
      message: 'Not in the articles: nothing in the corpus answers that.',
      suggestions: ['Hyperion', 'Meta_AI'],
      excerpts: [],
    });
    expect(message.embeds).toEqual([]);
    expect(message.content).toBe('**Not in the articles.** Nothing in the corpus answers that.\nTry a topic they cover: Hyperion, Meta\\_AI.');
  });
});

describe('renderSources', () => {
  it('numbers each article with its passages count and its best excerpt', () => {
    const message = renderSources({
      topic: 'Hyperion',
      found: true,
      sources: [
        { article: ref('a'), passages: 3, excerpt: 'Hyperion atteindra 5 gigawatts.', span: { start: 0, end: 8 }, score: 2 },
        { article: { ...ref('b'), url: null, source: null }, passages: 1, excerpt: 'Le cluster Hyperion en Louisiane.', span: null, score: 1 },
      ],
    });
    expect(message.embeds[0].title).toBe('Sources on Hyperion');
    expect(message.embeds[0].description).toBe(
      '**[1]** [Article a](https://example.org/a) · Le Monde · 2025-07-18 · 3 passages\n> **Hyperion** atteindra 5 gigawatts.\n\n' +
        '**[2]** **Article b** · 2025-07-18 · 1 passage\n> Le cluster Hyperion en Louisiane.',
    );
    expect(message.embeds[0].footer!.text).toBe('2 articles');
  });

  it('shows what fits of a long catalogue and counts the whole corpus in the footer', () => {
    const message = renderSources({
      topic: '',
      found: true,
      total: 100_000,
      sources: Array.from({ length: 100 }, (_, i) => ({ article: ref(`a${i}`), passages: 2, excerpt: `Article number ${i} opens with this sentence.`, span: null, score: 0 })),
    });
    expect(embedLength(message.embeds[0])).toBeLessThanOrEqual(6000);
    expect(message.embeds[0].description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(message.embeds[0].footer!.text).toMatch(/^\d+ of 100000 articles$/);
  });
});
