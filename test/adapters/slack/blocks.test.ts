// The Block Kit renderer on its own: what Slack would show for a given core answer, and the limits
// Slack enforces (a message over them is refused outright, so the user would see nothing).
import { describe, expect, it } from 'vitest';
import type { AnsweredAnswer, ArticleRef, Excerpt, Sources } from '../../../src/core/types.js';
import {
  ACTION_MORE,
  ACTION_SHARE,
  MAX_BLOCKS,
  answerMessage,
  citation,
  decodeButton,
  sourcesMessage,
  type Block,
} from '../../../src/adapters/slack/blocks.js';
import { quoteExcerpt } from '../../../src/adapters/slack/mrkdwn.js';

const article = (over: Partial<ArticleRef> = {}): ArticleRef => ({
  id: 'a1',
  title: 'Meta construit Hyperion',
  source: 'Les Echos',
  date: '2025-07-15',
  url: 'https://example.com/hyperion',
  ...over,
});

const excerpt = (text: string, span: Excerpt['span'] = null, over: Partial<ArticleRef> = {}): Excerpt => ({
  text,
  span,
  article: article(over),
  score: 1,
});

const answered = (excerpts: Excerpt[], over: Partial<AnsweredAnswer> = {}): AnsweredAnswer => ({
  question: 'how big is Hyperion',
  answered: true,
  kind: 'size',
  excerpts,
  moreAvailable: 0,
  corroboration: null,
  ...over,
});

/** Every mrkdwn string of a message, in order. */
function texts(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === 'section' && b.text) out.push(b.text.text);
    if (b.type === 'context') for (const e of b.elements) if ('text' in e && typeof e.text === 'string') out.push(e.text);
  }
  return out;
}

function checkLimits(blocks: Block[]): void {
  expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  for (const t of texts(blocks)) expect(t.length).toBeLessThanOrEqual(3000);
}

describe('Slack rendering of an answer', () => {
  it('quotes the excerpt with the answer span in bold and cites the article under it', () => {
    const text = 'Hyperion atteindra une capacité de 5 gigawatts au fil des années.';
    const start = text.indexOf('5 gigawatts');
    const message = answerMessage(answered([excerpt(text, { start, end: start + '5 gigawatts'.length })]), { kind: 'private' });
    const [heading, quote, cite, actions] = message.blocks;
    expect(heading).toMatchObject({ type: 'section', text: { text: '*You asked:* how big is Hyperion' } });
    expect(quote).toMatchObject({
      type: 'section',
      text: { type: 'mrkdwn', verbatim: true, text: '>Hyperion atteindra une capacité de *5 gigawatts* au fil des années.' },
    });
    expect(cite).toMatchObject({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '<https://example.com/hyperion|Meta construit Hyperion> · Les Echos · 2025-07-15' }],
    });
    expect(actions.type).toBe('actions');
    expect(message.text).toContain('5 gigawatts');
  });

  it('says once, under the question, when several articles agree on the figure', () => {
    const a = article({ id: 'a' });
    const b = article({ id: 'b' });
    const message = answerMessage(
      answered([excerpt('Hyperion atteindra 5 gigawatts.')], { corroboration: { figure: '5 GW & more', articles: [a, b, a] } }),
      { kind: 'private' },
    );
    expect(texts(message.blocks)[1]).toBe(':white_check_mark: 2 articles agree on 5 GW &amp; more');
    const alone = answerMessage(answered([excerpt('x')], { corroboration: { figure: '5 GW', articles: [a] } }), { kind: 'private' });
    expect(texts(alone.blocks).some((t) => t.includes('agree'))).toBe(false);
  });

  it('keeps spaces out of the bold run, where Slack would not render it', () => {
    expect(quoteExcerpt('Il fera 5 GW .', { start: 7, end: 13 })).toBe('>Il fera *5 GW* .');
  });

  it('escapes article text so that it can never ping a channel, mention a user or become a link', () => {
    const text = 'Tom & Jerry wrote <!channel> and <!here|here> to <@U999> about <https://evil.example|a prize> & more > less.';
    const message = answerMessage(
      answered([excerpt(text, { start: 0, end: 11 }, { title: 'Q&A <!everyone>', source: 'R&D <b>', url: 'javascript:alert(1)' })]),
      { kind: 'private' },
    );
    const all = texts(message.blocks).join('\n');
    expect(all).toContain('>*Tom &amp; Jerry* wrote &lt;!channel&gt; and &lt;!here|here&gt; to &lt;@U999&gt; about &lt;https://evil.example|a prize&gt; &amp; more &gt; less.');
    // No raw `<` at all: the only link would be the citation, and a javascript: URL is not linked.
    expect(all).not.toMatch(/</);
    expect(all).toContain('Q&amp;A &lt;!everyone&gt; · R&amp;D &lt;b&gt;');
    expect(message.text).not.toMatch(/<!/);
  });

  it('makes a link of an http(s) URL only, and keeps the URL from closing the link early', () => {
    expect(citation(article({ url: 'https://example.com/a|b>c?x=1&y=2' }))).toBe(
      '<https://example.com/a%7Cb%3Ec?x=1&amp;y=2|Meta construit Hyperion> · Les Echos · 2025-07-15',
    );
    expect(citation(article({ url: null, source: null, date: null }))).toBe('Meta construit Hyperion');
  });

  it('cuts an excerpt longer than a section allows at a sentence boundary, keeping the bold answer', () => {
    const sentence = 'Le centre de données Hyperion consommera autant que plusieurs villes & leurs banlieues. ';
    const text = 'Hyperion atteindra 5 gigawatts. ' + sentence.repeat(60);
    const message = answerMessage(answered([excerpt(text, { start: 19, end: 30 })]), { kind: 'private' });
    checkLimits(message.blocks);
    const quote = texts(message.blocks)[1];
    expect(quote.startsWith('>Hyperion atteindra *5 gigawatts*.')).toBe(true);
    expect(quote.length).toBeGreaterThan(2000);
    expect(quote.endsWith('banlieues. …')).toBe(true);
  });

  it('stays within 50 blocks however many excerpts come, and leaves the rest to "More excerpts"', () => {
    const many = Array.from({ length: 40 }, (_, i) => excerpt(`Extrait numéro ${i}.`, null, { id: `a${i}` }));
    const message = answerMessage(answered(many, { moreAvailable: 2 }), { kind: 'private' });
    checkLimits(message.blocks);
    const actions = message.blocks.at(-1);
    expect(actions?.type).toBe('actions');
    if (actions?.type !== 'actions') return;
    const more = actions.elements.find((e) => 'action_id' in e && e.action_id === ACTION_MORE);
    const shown = message.blocks.filter((b) => b.type === 'section').length - 1;
    expect(shown).toBe(24);
    expect(more).toMatchObject({ text: { text: `More excerpts (${40 - shown + 2})` } });
    expect(decodeButton((more as { value: string }).value)).toEqual({ kind: 'ask', q: 'how big is Hyperion', offset: shown, lang: 'en' });
  });

  it('shares without buttons, naming who asked', () => {
    const message = answerMessage(answered([excerpt('Hyperion atteindra 5 gigawatts.')]), { kind: 'shared', userId: 'U42' });
    expect(message.blocks[0]).toMatchObject({ text: { text: '<@U42> asked: *how big is Hyperion*' } });
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('escapes the question too, which the user typed and a share makes public', () => {
    const message = answerMessage(answered([excerpt('x')], { question: '<!channel> & co' }), { kind: 'shared', userId: 'U42' });
    expect(texts(message.blocks)[0]).toBe('<@U42> asked: *&lt;!channel&gt; &amp; co*');
  });

  it('offers no buttons when the question would not fit in a button (Slack caps values at 2000 characters)', () => {
    const message = answerMessage(answered([excerpt('x')], { question: 'q'.repeat(2100) }), { kind: 'private' });
    checkLimits(message.blocks);
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('offers Share on the first page and More only while the engine has more', () => {
    const ids = (m: ReturnType<typeof answerMessage>) =>
      m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : '')) : []));
    expect(ids(answerMessage(answered([excerpt('x')], { moreAvailable: 0 }), { kind: 'private' }))).toEqual([ACTION_SHARE]);
    expect(ids(answerMessage(answered([excerpt('x')], { moreAvailable: 3 }), { kind: 'private' }))).toEqual([ACTION_SHARE, ACTION_MORE]);
  });

  it('says when an answer is not in the articles, with topics to try', () => {
    const message = answerMessage(
      {
        question: 'who won the match',
        answered: false,
        reason: 'not-found',
        message: "The articles don't say.",
        suggestions: ['Hyperion', 'Prometheus <x>'],
        excerpts: [],
      },
      { kind: 'private' },
    );
    // The catalogue's wording (the core's English message is not shown), topics escaped.
    expect(texts(message.blocks)).toEqual(['*Not in the articles.* Nothing in the corpus answers that.', 'Try a topic they cover: `/ask Hyperion` · `/ask Prometheus &lt;x&gt;`']);
  });
});

describe('Slack rendering of sources', () => {
  it('lists at most what 50 blocks hold and says how many more articles there are', () => {
    const sources: Sources = {
      topic: 'Hyperion',
      found: true,
      sources: Array.from({ length: 30 }, (_, i) => ({
        article: article({ id: `a${i}`, title: `Article ${i}` }),
        passages: i + 1,
        excerpt: `Hyperion, article ${i}.`,
        span: { start: 0, end: 8 },
        score: 1,
      })),
    };
    const message = sourcesMessage(sources, { kind: 'private' });
    checkLimits(message.blocks);
    const all = texts(message.blocks);
    expect(all[0]).toBe('*30 articles about:* Hyperion');
    expect(all[1]).toBe('>*Hyperion*, article 0.');
    expect(all[2]).toBe('<https://example.com/hyperion|Article 0> · Les Echos · 2025-07-15 · 1 passage');
    expect(all.at(-1)).toBe('7 more articles not shown.');
  });

  it('counts the articles the core left out of a cut list (the catalogue) among those not shown', () => {
    const sources: Sources = {
      topic: '',
      found: true,
      total: 500,
      sources: Array.from({ length: 10 }, (_, i) => ({ article: article({ id: `a${i}`, title: `Article ${i}` }), passages: 1, excerpt: `Article ${i}.`, span: null, score: 0 })),
    };
    const message = sourcesMessage(sources, { kind: 'private' });
    checkLimits(message.blocks);
    expect(texts(message.blocks).at(-1)).toBe('490 more articles not shown.');
  });
});
