// Block Kit rendering of the core's answers. Pure functions from core data to Slack messages:
// no I/O, no Bolt. Limits honoured here: at most 50 blocks a message, at most 3000 characters a
// section or context element, at most 10 elements a context block, 75 characters a button label,
// 2000 characters a button value.
import type { types } from '@slack/bolt';
import type { Answer, AnsweredAnswer, ArticleRef, Digest, Excerpt, SourceEntry, Sources, UnansweredAnswer } from '../../core/types.js';
import { citationParts, corroborationLine as agreement } from '../common/citation.js';
import { fitText } from '../common/text.js';
import { messages, type Lang, type Messages } from '../common/messages.js';
import { MAX_QUESTION } from '../../core/answer.js';
import { MAX_TEXT, escapeMrkdwn, link, previewText, quoteExcerpt } from './mrkdwn.js';

export type Block = types.KnownBlock;

/**
 * Each command's default name (as in slack/manifest.yml) → its name in this workspace
 * (SLACK_COMMAND_*): replies name the commands the user can actually type.
 */
export type SlackCommandNames = Record<'/ask' | '/sources' | '/digest', string>;

export const DEFAULT_COMMAND_NAMES: SlackCommandNames = { '/ask': '/ask', '/sources': '/sources', '/digest': '/digest' };

/** What a message needs: blocks, and a plain fallback for notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export const MAX_BLOCKS = 50;
const MAX_BUTTON_VALUE = 2000;

export const ACTION_SHARE = 'veille_share';
export const ACTION_MORE = 'veille_more';
export const ACTION_VOTE_UP = 'veille_vote_up';
export const ACTION_VOTE_DOWN = 'veille_vote_down';

/** What a button remembers: enough to compute the same reply again, statelessly (no process memory). */
export interface ButtonState {
  kind: 'ask' | 'sources';
  /** The question or topic, as the user typed it (for a follow-up: as read with its thread). */
  q: string;
  /** Excerpts skipped ("More excerpts" pages). */
  offset: number;
  /** The language the answer was given in. */
  lang?: Lang;
  /** The thread (its ts) of a public answer to a mention or a DM: more excerpts go there. */
  thread?: string;
}

export function encodeButton(state: ButtonState): string | null {
  const value = JSON.stringify({ k: state.kind, q: state.q, o: state.offset, l: state.lang, t: state.thread });
  return value.length <= MAX_BUTTON_VALUE ? value : null;
}

export function decodeButton(value: string | undefined): ButtonState | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as { k?: unknown; q?: unknown; o?: unknown; l?: unknown; t?: unknown };
    if ((v.k !== 'ask' && v.k !== 'sources') || typeof v.q !== 'string') return null;
    const offset = typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 ? v.o : 0;
    const lang = v.l === 'fr' || v.l === 'en' ? v.l : undefined;
    const thread = typeof v.t === 'string' && /^\d+\.\d+$/.test(v.t) ? v.t : undefined;
    return { kind: v.k, q: v.q, offset, ...(lang ? { lang } : {}), ...(thread ? { thread } : {}) };
  } catch {
    return null;
  }
}

/**
 * How the reply is framed: privately for the asker, publicly once shared, or publicly in the
 * thread of a mention or a DM (with "More excerpts" posting in the same thread).
 */
export type Audience = { kind: 'private' } | { kind: 'shared'; userId: string } | { kind: 'thread'; thread: string };

export interface AnswerExtras {
  /** The catalogue in the asker's language (default English). */
  m?: Messages;
  /** The answer's id in the conversation store: adds 👍 / 👎. */
  feedbackId?: string;
  /** The commands' names in this workspace, for the suggestions (default the manifest's). */
  names?: SlackCommandNames;
}

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
function heading(labels: { private: string; shared: string; thread?: string }, question: string, audience: Audience): types.SectionBlock {
  const q = escapeMrkdwn(fitText(question.replace(/\s+/g, ' ').trim(), 500));
  if (audience.kind === 'shared') return section(`<@${audience.userId}> ${labels.shared}: *${q}*`);
  // In a thread everyone reads it: the question as the bot read it (a follow-up, completed), no "you".
  const label = audience.kind === 'thread' && labels.thread ? labels.thread : labels.private;
  return section(`*${label}:* ${q}`);
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
function actionsBlock(
  m: Messages,
  state: ButtonState,
  more: { available: number; nextOffset: number } | null,
  options: { share: boolean; feedbackId?: string },
): types.ActionsBlock | null {
  const value = encodeButton({ ...state, lang: m.lang });
  const elements: types.Button[] = [];
  if (value && options.share) elements.push(button(m.share, ACTION_SHARE, value, true));
  const next = value && more && more.available > 0 ? encodeButton({ ...state, lang: m.lang, offset: more.nextOffset }) : null;
  if (more && next) elements.push(button(m.moreExcerptsCount(more.available), ACTION_MORE, next));
  if (options.feedbackId)
    elements.push(button(m.helpful, ACTION_VOTE_UP, options.feedbackId), button(m.notHelpful, ACTION_VOTE_DOWN, options.feedbackId));
  return elements.length ? { type: 'actions', elements } : null;
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

export function usageMessage(command: '/ask' | '/sources', m: Messages = messages('en'), names: SlackCommandNames = DEFAULT_COMMAND_NAMES): SlackMessage {
  const name = escapeMrkdwn(names[command]);
  const text =
    command === '/ask'
      ? escapeMrkdwn(m.askUsage('\u0000')).replace('\u0000', `\`${name} ${escapeMrkdwn(m.askExample)}\``)
      : escapeMrkdwn(m.sourcesUsage('\u0000')).replace('\u0000', `\`${name} ${escapeMrkdwn(m.sourcesExample)}\``);
  return { text, blocks: [section(text)] };
}

/** The help line for a mention or a DM that is not a question. */
export function helpMessage(m: Messages, botUserId: string | undefined): SlackMessage {
  const example = `\`${botUserId ? `@veille ` : ''}${escapeMrkdwn(m.askExample)}\``;
  const text = escapeMrkdwn(m.help('\u0000')).replace('\u0000', example);
  return { text, blocks: [section(text)] };
}

export function plainMessage(text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return { text: escaped, blocks: [section(escaped)] };
}

/** `Try: \`/ask topic\` · …`, `command` being the command's name in this workspace. */
function suggestionsLine(m: Messages, suggestions: string[] | undefined, command: string): string | null {
  if (!suggestions || suggestions.length === 0) return null;
  const list = suggestions.slice(0, 8).map((s) => `\`${escapeMrkdwn(command)} ${escapeMrkdwn(s.replace(/`/g, "'"))}\``);
  return escapeMrkdwn(m.tryTopics('\u0000')).replace('\u0000', () => list.join(' · '));
}

function notFound(m: Messages, detail: string, suggestions: string[] | undefined, command: string): SlackMessage {
  const text = `*${escapeMrkdwn(m.notInArticles)}* ${escapeMrkdwn(detail)}`;
  const blocks: Block[] = [section(text)];
  const line = suggestionsLine(m, suggestions, command);
  if (line) blocks.push(context(line));
  return { text, blocks };
}

export function unansweredMessage(
  answer: UnansweredAnswer,
  m: Messages = messages('en'),
  feedbackId?: string,
  names: SlackCommandNames = DEFAULT_COMMAND_NAMES,
): SlackMessage {
  if (answer.reason === 'empty') return usageMessage('/ask', m, names);
  if (answer.reason === 'too-long') return plainMessage(m.tooLong(answer.question.length, MAX_QUESTION));
  const message = notFound(m, m.notFoundDetail, answer.suggestions, names['/ask']);
  // A vote on "not in the articles" tells a right abstention from a miss.
  const votes = feedbackId ? actionsBlock(m, { kind: 'ask', q: answer.question, offset: 0 }, null, { share: false, feedbackId }) : null;
  if (votes) message.blocks.push(votes);
  return message;
}

/** `✅ 3 articles agree on 5 gigawatts` when several articles give the figure (their citations follow). */
function corroborationLine(answer: AnsweredAnswer, m: Messages): string | null {
  const line = agreement(answer.corroboration, m);
  return line ? `:white_check_mark: ${escapeMrkdwn(line)}` : null;
}

/**
 * An answered question: a heading, the corroboration if several articles agree, then a quote and
 * a citation per excerpt; privately, the buttons.
 */
export function answerMessage(answer: Answer, audience: Audience, offset = 0, extras: AnswerExtras = {}): SlackMessage {
  const m = extras.m ?? messages('en');
  if (!answer.answered) return unansweredMessage(answer, m, extras.feedbackId, extras.names);
  const labels =
    offset > 0
      ? { private: m.moreExcerptsFor, shared: m.sharedMoreExcerptsFor }
      : { private: m.youAsked, shared: m.asked, thread: m.questionAsRead };
  const head: Block[] = [heading(labels, answer.question, audience)];
  const corroboration = corroborationLine(answer, m);
  if (corroboration) head.push(context(corroboration));
  const reserved = head.length + 1; // + 1 for the buttons
  const { kept, dropped } = fitBlocks(answer.excerpts.map((e) => excerptBlocks(e)), reserved);
  const blocks = [...head, ...kept];
  // Excerpts that did not fit are left to "More excerpts" rather than lost.
  const shown = answer.excerpts.length - dropped;
  if (audience.kind === 'private' || audience.kind === 'thread') {
    const actions = actionsBlock(
      m,
      { kind: 'ask', q: answer.question, offset, ...(audience.kind === 'thread' ? { thread: audience.thread } : {}) },
      { available: answer.moreAvailable + dropped, nextOffset: offset + shown },
      { share: audience.kind === 'private', feedbackId: extras.feedbackId },
    );
    if (actions) blocks.push(actions);
  } else {
    if (dropped > 0) blocks.push(context(escapeMrkdwn(m.moreExcerptsNotShown(dropped))));
    const votes = extras.feedbackId ? actionsBlock(m, { kind: 'ask', q: answer.question, offset }, null, { share: false, feedbackId: extras.feedbackId }) : null;
    if (votes) blocks.push(votes);
  }
  const first = answer.excerpts[0];
  const text = first
    ? `${previewText(answer.question, 150)}: “${previewText(first.text, 300)}” (${escapeMrkdwn(first.article.title)})`
    : previewText(answer.question, 150);
  return { text, blocks };
}

/** The articles about a topic, each with its best excerpt and how many passages mention it. */
export function sourcesMessage(
  sources: Sources,
  audience: Audience,
  m: Messages = messages('en'),
  names: SlackCommandNames = DEFAULT_COMMAND_NAMES,
): SlackMessage {
  if (!sources.found || sources.sources.length === 0) {
    if (sources.topic.length > MAX_QUESTION) return plainMessage(m.tooLong(sources.topic.length, MAX_QUESTION));
    return notFound(m, m.topicNotMentioned(sources.topic), sources.suggestions, names['/sources']);
  }
  const n = sources.total ?? sources.sources.length;
  const head: Block[] = [heading({ private: m.articlesAbout(n), shared: m.lookedUpArticlesAbout(n) }, sources.topic, audience)];
  const actions = audience.kind === 'private' ? actionsBlock(m, { kind: 'sources', q: sources.topic, offset: 0 }, null, { share: true }) : null;
  const reserved = head.length + (actions ? 1 : 0) + 1;
  const entries = sources.sources.map((s: SourceEntry) =>
    excerptBlocks({ text: s.excerpt, span: s.span, article: s.article }, escapeMrkdwn(m.passages(s.passages))),
  );
  const { kept, dropped } = fitBlocks(entries, reserved);
  const blocks = [...head, ...kept];
  const notShown = dropped + (n - sources.sources.length);
  if (notShown > 0) blocks.push(context(escapeMrkdwn(m.moreArticlesNotShown(notShown))));
  if (actions) blocks.push(actions);
  const text = `${escapeMrkdwn(m.articlesAbout(n))} ${previewText(sources.topic, 150)}`;
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
export function digestMessages(digest: Digest, m: Messages = messages('en')): SlackMessage[] {
  const title = m.digestTitle(digest.day, digest.count);
  const header = `*${escapeMrkdwn(title)}*`;
  if (digest.count === 0) {
    const since = escapeMrkdwn(m.digestNoNew(`${digest.since.slice(0, 16).replace('T', ' ')} UTC`));
    const text = `${escapeMrkdwn(title)}. ${since}`;
    return [{ text, blocks: [section(`${header}\n${since}`)] }];
  }
  const perArticle = digest.articles.map((a): Block[] => {
    const blocks: Block[] = [section(`*${citation(a.article)}*`)];
    if (a.highlights.length) blocks.push(section(a.highlights.map((h) => quoteExcerpt(h, null, 1400)).join('\n')));
    if (a.topics.length) blocks.push(context(escapeMrkdwn(m.topics(a.topics.join(', ')))));
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
    const head = pages.length > 1 ? `${header}${i > 0 ? ` (${escapeMrkdwn(m.digestContinued)})` : ''} · ${i + 1}/${pages.length}` : header;
    return {
      text: `${escapeMrkdwn(title)}${pages.length > 1 ? ` (${i + 1}/${pages.length}, ${escapeMrkdwn(m.articles(page.length))})` : ''}`,
      blocks: [section(head), ...page.flat()],
    };
  });
}
