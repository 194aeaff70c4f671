// Block Kit rendering of the core's answers. Pure functions from core data to Slack messages:
// no I/O, no Bolt. Limits honoured here: at most 50 blocks a message, at most 3000 characters a
// section or context element, at most 10 elements a context block, 75 characters a button label,
// 2000 characters a button value.
import type { types } from '@slack/bolt';
import type { Answer, AnsweredAnswer, ArticleRef, Digest, Excerpt, SourceEntry, Sources, UnansweredAnswer } from '../../core/types.js';
import { citationParts, corroborationLine as agreement } from '../common/citation.js';
import { fitText } from '../common/text.js';
import { MAX_TEXT, escapeMrkdwn, link, previewText, quoteExcerpt } from './mrkdwn.js';

export type Block = types.KnownBlock;

/** What a message needs: blocks, and a plain fallback for notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export const MAX_BLOCKS = 50;
const MAX_BUTTON_VALUE = 2000;

export const ACTION_SHARE = 'veille_share';
export const ACTION_MORE = 'veille_more';

/** What a button remembers: enough to compute the same reply again, statelessly. */
export interface ButtonState {
  kind: 'ask' | 'sources';
  /** The question or topic, as the user typed it. */
  q: string;
  /** Excerpts skipped ("More excerpts" pages). */
  offset: number;
}

export function encodeButton(state: ButtonState): string | null {
  const value = JSON.stringify({ k: state.kind, q: state.q, o: state.offset });
  return value.length <= MAX_BUTTON_VALUE ? value : null;
}

export function decodeButton(value: string | undefined): ButtonState | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as { k?: unknown; q?: unknown; o?: unknown };
    if ((v.k !== 'ask' && v.k !== 'sources') || typeof v.q !== 'string') return null;
    const offset = typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 ? v.o : 0;
    return { kind: v.k, q: v.q, offset };
  } catch {
    return null;
  }
}

/** How the reply is framed: privately for the asker, or publicly once shared. */
export type Audience = { kind: 'private' } | { kind: 'shared'; userId: string };

const section = (text: string): types.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: fitText(text, MAX_TEXT), verbatim: true },
});

const context = (...texts: string[]): types.ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, 10).map((t) => ({ type: 'mrkdwn', text: fitText(t, MAX_TEXT), verbatim: true })),
});

/** `<url|title> · publisher · date`, every part escaped. */
export function citation(article: ArticleRef): string {
  const { title, url, details } = citationParts(article);
  return details ? `${link(url, title)} · ${escapeMrkdwn(details)}` : link(url, title);
}

/** `*You asked:* question` privately; `<@user> asked: *question*` once shared. */
function heading(labels: { private: string; shared: string }, question: string, audience: Audience): types.SectionBlock {
  const q = escapeMrkdwn(fitText(question.replace(/\s+/g, ' ').trim(), 500));
  return audience.kind === 'shared'
    ? section(`<@${audience.userId}> ${labels.shared}: *${q}*`)
    : section(`*${labels.private}:* ${q}`);
}

function excerptBlocks(excerpt: { text: string; span: Excerpt['span']; article: ArticleRef }, extra?: string): Block[] {
  const cite = citation(excerpt.article) + (extra ? ` · ${extra}` : '');
  return [section(quoteExcerpt(excerpt.text, excerpt.span)), context(cite)];
}

function button(text: string, actionId: string, value: string, primary = false): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: fitText(text, 75), emoji: true },
    value,
    ...(primary ? { style: 'primary' as const } : {}),
  };
}

/**
 * The private reply's buttons: share this reply (same question, same page), and, when the engine
 * has more, the next page. None when the question does not fit a button's value.
 */
function actionsBlock(state: ButtonState, more: { available: number; nextOffset: number } | null): types.ActionsBlock | null {
  const value = encodeButton(state);
  if (!value) return null;
  const elements: types.Button[] = [button('Share in channel', ACTION_SHARE, value, true)];
  const next = more && more.available > 0 ? encodeButton({ ...state, offset: more.nextOffset }) : null;
  if (more && next) elements.push(button(`More excerpts (${more.available})`, ACTION_MORE, next));
  return { type: 'actions', elements };
}

/** Keeps `body` within the block budget left after `reserved` blocks, whole excerpts only. */
function fitBlocks(body: Block[][], reserved: number): { kept: Block[]; dropped: number } {
  const kept: Block[] = [];
  let i = 0;
  for (; i < body.length; i++) {
    if (kept.length + body[i].length + reserved > MAX_BLOCKS) break;
    kept.push(...body[i]);
  }
  return { kept, dropped: body.length - i };
}

export function usageMessage(command: '/ask' | '/sources'): SlackMessage {
  const text =
    command === '/ask'
      ? 'Ask a question about the articles, for example `/ask how big is Hyperion`. ' +
        'I answer with verbatim excerpts and their sources, privately; a button shares the answer in the channel.'
      : 'Name a topic to list the articles about it, for example `/sources Hyperion`.';
  return { text, blocks: [section(text)] };
}

export function plainMessage(text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return { text: escaped, blocks: [section(escaped)] };
}

function suggestionsLine(suggestions: string[] | undefined, command: '/ask' | '/sources'): string | null {
  if (!suggestions || suggestions.length === 0) return null;
  const list = suggestions.slice(0, 8).map((s) => `\`${command} ${escapeMrkdwn(s.replace(/`/g, "'"))}\``);
  return `Try: ${list.join(' · ')}`;
}

function notFound(message: string, suggestions: string[] | undefined, command: '/ask' | '/sources'): SlackMessage {
  const text = escapeMrkdwn(message);
  const blocks: Block[] = [section(text)];
  const line = suggestionsLine(suggestions, command);
  if (line) blocks.push(context(line));
  return { text, blocks };
}

export function unansweredMessage(answer: UnansweredAnswer): SlackMessage {
  return notFound(answer.message, answer.suggestions, '/ask');
}

/** `✅ 3 articles agree on 5 gigawatts` when several articles give the figure (their citations follow). */
function corroborationLine(answer: AnsweredAnswer): string | null {
  const line = agreement(answer.corroboration);
  return line ? `:white_check_mark: ${escapeMrkdwn(line)}` : null;
}

/**
 * An answered question: a heading, the corroboration if several articles agree, then a quote and
 * a citation per excerpt; privately, the buttons.
 */
export function answerMessage(answer: Answer, audience: Audience, offset = 0): SlackMessage {
  if (!answer.answered) return unansweredMessage(answer);
  const labels = offset > 0 ? { private: 'More excerpts for', shared: 'shared more excerpts for' } : { private: 'You asked', shared: 'asked' };
  const head: Block[] = [heading(labels, answer.question, audience)];
  const corroboration = corroborationLine(answer);
  if (corroboration) head.push(context(corroboration));
  const reserved = head.length + 1; // + 1 for the buttons
  const { kept, dropped } = fitBlocks(answer.excerpts.map((e) => excerptBlocks(e)), reserved);
  const blocks = [...head, ...kept];
  // Excerpts that did not fit are left to "More excerpts" rather than lost.
  const shown = answer.excerpts.length - dropped;
  if (audience.kind === 'private') {
    const actions = actionsBlock(
      { kind: 'ask', q: answer.question, offset },
      { available: answer.moreAvailable + dropped, nextOffset: offset + shown },
    );
    if (actions) blocks.push(actions);
  } else if (dropped > 0) {
    blocks.push(context(`${dropped} more excerpt${dropped > 1 ? 's' : ''} not shown.`));
  }
  const first = answer.excerpts[0];
  const text = first
    ? `${previewText(answer.question, 150)}: “${previewText(first.text, 300)}” (${escapeMrkdwn(first.article.title)})`
    : previewText(answer.question, 150);
  return { text, blocks };
}

/** The articles about a topic, each with its best excerpt and how many passages mention it. */
export function sourcesMessage(sources: Sources, audience: Audience): SlackMessage {
  if (!sources.found || sources.sources.length === 0)
    return notFound(sources.message ?? `Nothing in the articles about “${sources.topic}”.`, sources.suggestions, '/sources');
  const n = sources.sources.length;
  const articles = `${n} article${n > 1 ? 's' : ''}`;
  const head: Block[] = [heading({ private: `${articles} about`, shared: `looked up the ${articles} about` }, sources.topic, audience)];
  const actions = audience.kind === 'private' ? actionsBlock({ kind: 'sources', q: sources.topic, offset: 0 }, null) : null;
  const reserved = head.length + (actions ? 1 : 0) + 1;
  const entries = sources.sources.map((s: SourceEntry) =>
    excerptBlocks({ text: s.excerpt, span: s.span, article: s.article }, `${s.passages} passage${s.passages > 1 ? 's' : ''}`),
  );
  const { kept, dropped } = fitBlocks(entries, reserved);
  const blocks = [...head, ...kept];
  if (dropped > 0) blocks.push(context(`${dropped} more article${dropped > 1 ? 's' : ''} not shown.`));
  if (actions) blocks.push(actions);
  const text = `${n} article${n > 1 ? 's' : ''} about ${previewText(sources.topic, 150)}`;
  return { text, blocks };
}

/** The private reply once shared: same content, buttons replaced by a note. */
export function markShared(message: SlackMessage, note: string): SlackMessage {
  const blocks = message.blocks.filter((b) => b.type !== 'actions');
  blocks.push(context(escapeMrkdwn(note)));
  return { text: message.text, blocks: blocks.slice(0, MAX_BLOCKS) };
}

/**
 * A digest as Slack messages: a header, then per article its linked title with publisher and date,
 * its key sentences quoted, and its topics. At most 50 blocks a message (split when more), every
 * text escaped and within 3000 characters. A digest with no article is one line.
 */
export function digestMessages(digest: Digest): SlackMessage[] {
  const header = `*${escapeMrkdwn(digest.title)}*`;
  if (digest.count === 0) {
    const since = `${digest.since.slice(0, 16).replace('T', ' ')} UTC`;
    const text = `${escapeMrkdwn(digest.title)}. No new articles since ${since}.`;
    return [{ text, blocks: [section(`${header}\nNo new articles since ${since}.`)] }];
  }
  const perArticle = digest.articles.map((a): Block[] => {
    const blocks: Block[] = [section(`*${citation(a.article)}*`)];
    if (a.highlights.length) blocks.push(section(a.highlights.map((h) => quoteExcerpt(h, null, 1400)).join('\n')));
    if (a.topics.length) blocks.push(context(`Topics: ${a.topics.map(escapeMrkdwn).join(', ')}`));
    return blocks;
  });
  const pages: Block[][][] = [[]];
  let used = 1; // the header
  for (const blocks of perArticle) {
    if (used + blocks.length > MAX_BLOCKS && pages[pages.length - 1].length > 0) {
      pages.push([]);
      used = 1;
    }
    pages[pages.length - 1].push(blocks);
    used += blocks.length;
  }
  return pages.map((page, i) => {
    const head = pages.length > 1 ? `${header}${i > 0 ? ' (continued)' : ''} · ${i + 1}/${pages.length}` : header;
    const titles = page.length;
    return {
      text: `${escapeMrkdwn(digest.title)}${pages.length > 1 ? ` (${i + 1}/${pages.length}, ${titles} articles)` : ''}`,
      blocks: [section(head), ...page.flat()],
    };
  });
}
