// Renders the core's Answer and Sources as Discord messages (plain API JSON, no client needed).
// Every message: escaped text, `allowedMentions: { parse: [] }`, and within Discord's limits.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type MessageMentionOptions,
} from 'discord.js';
import type { Answer, AnsweredAnswer, ArticleRef, Digest, DigestArticle, Excerpt, Sources, Span } from '../../core/types.js';
import { citationParts, corroborationLine, safeUrl } from '../common/citation.js';
import { fitText } from '../common/text.js';
import { messages, type Messages } from '../common/messages.js';
import { MAX_QUESTION } from '../../core/answer.js';
import { blockQuote, escapeDiscord } from './markdown.js';

/** Discord's documented limits. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Embed colour: a calm blue. */
const COLOR = 0x3b6ea5;

/** Mentions in our messages never ping anyone. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** A message in the shape discord.js accepts for reply, editReply and followUp. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: MessageMentionOptions;
}

export interface RenderedAnswer {
  message: DiscordMessage;
  /** How many excerpts the message shows (fewer than the answer's when they did not fit). */
  shown: number;
  /** How many more excerpts the engine can give after those shown. */
  more: number;
}

export interface AnswerButtons {
  /** custom_id of "More excerpts", shown when more excerpts are available. */
  more?: string;
  /** custom_id of "Share in channel", shown on private answers. */
  share?: string;
  /** custom_ids of the 👍 / 👎 buttons, on every answer. */
  feedback?: { up: string; down: string };
}

export interface AnswerRenderOptions {
  /** Offset of the first excerpt of this page (0 for the first answer). */
  start?: number;
  /** Ids for the buttons, computed once the renderer knows how many excerpts fit. */
  buttons?: (page: { shown: number; more: number }) => AnswerButtons;
  /** Plain text above the embed, e.g. "Shared by …" (already markdown). */
  content?: string;
  /** The catalogue in the asker's language. */
  m?: Messages;
  /** How a usage hint names the command, e.g. "`/ask question:how big is Hyperion`". */
  example?: string;
}

export function renderAnswer(answer: Answer, options: AnswerRenderOptions = {}): RenderedAnswer {
  const m = options.m ?? messages('en');
  if (!answer.answered) {
    const text =
      answer.reason === 'empty'
        ? escapeDiscord(m.askUsage(options.example ?? m.askExample))
        : answer.reason === 'too-long'
          ? escapeDiscord(m.tooLong(answer.question.length, MAX_QUESTION))
          : notFoundText(m, m.notFoundDetail, answer.suggestions);
    const message = textMessage(text);
    // "Not in the articles" is an answer too: a vote on it tells a right abstention from a miss.
    if (answer.reason === 'not-found') {
      const buttons = options.buttons?.({ shown: 0, more: 0 }) ?? {};
      message.components = buttonRows(m, undefined, undefined, buttons.feedback);
    }
    return { message, shown: 0, more: 0 };
  }
  if (answer.excerpts.length === 0) {
    // Past the last excerpt (a late "More excerpts").
    return { message: textMessage(escapeDiscord(m.noMoreExcerpts)), shown: 0, more: 0 };
  }
  const start = options.start ?? 0;
  let count = answer.excerpts.length;
  let excerptBudget = 400;
  for (;;) {
    const embed = answerEmbed(answer, start, count, excerptBudget, m);
    if (fitsLimits([embed])) {
      const more = answer.moreAvailable + (answer.excerpts.length - count);
      const buttons = options.buttons?.({ shown: count, more }) ?? {};
      const message: DiscordMessage = {
        embeds: [embed],
        components: buttonRows(m, more > 0 ? buttons.more : undefined, buttons.share, buttons.feedback),
        allowedMentions: NO_MENTIONS,
      };
      if (options.content) message.content = fitText(options.content, LIMITS.content);
      return { message, shown: count, more };
    }
    // Too long: show fewer excerpts, and if one alone does not fit, shorten it.
    if (count > 1) count--;
    else if (excerptBudget > 40) excerptBudget = Math.floor(excerptBudget * 0.75);
    else throw new Error('an answer embed does not fit in Discord limits');
  }
}

function answerEmbed(answer: AnsweredAnswer, start: number, count: number, excerptBudget: number, m: Messages): APIEmbed {
  const excerpts = answer.excerpts.slice(0, count);
  const numbers = citationNumbers(excerpts.map((e) => e.article));
  const parts: string[] = [];
  for (const excerpt of excerpts) {
    const n = numbers.get(excerpt.article.id)!;
    parts.push(`${blockQuote(excerptMarkdown(excerpt.text, excerpt.span, excerptBudget))} [${n}]`);
  }
  const agree = corroborationLine(answer.corroboration, m);
  if (agree) parts.push(`_${escapeDiscord(agree)}_`);
  parts.push(citationList(numbers, excerpts.map((e) => e.article)));

  const shownFrom = start + 1;
  const shownTo = start + count;
  const more = answer.moreAvailable + (answer.excerpts.length - count);
  const range = m.excerptRange(shownFrom, shownTo);
  return {
    title: fitEscaped(answer.question, LIMITS.embedTitle),
    description: parts.join('\n\n'),
    color: COLOR,
    footer: { text: more > 0 ? `${range} · ${m.moreInArticles(more)}` : range },
  };
}

/** The Sources of a topic: one numbered entry per article, with its best excerpt. */
export function renderSources(sources: Sources, m: Messages = messages('en')): DiscordMessage {
  if (!sources.found || sources.sources.length === 0) {
    if (sources.topic.length > MAX_QUESTION) return textMessage(escapeDiscord(m.tooLong(sources.topic.length, MAX_QUESTION)));
    return textMessage(notFoundText(m, m.topicNotMentioned(sources.topic), sources.suggestions ?? []));
  }
  // An entry is at least its citation, a passage count and a quoted line (~40 characters): more
  // than the description's share of those can never fit, so the search for what fits starts there.
  let count = Math.min(sources.sources.length, Math.floor(LIMITS.embedDescription / 40));
  let excerptBudget = 300;
  for (;;) {
    const entries = sources.sources.slice(0, count).map((entry, i) => {
      const passages = m.passages(entry.passages);
      return `${citationMarkdown(i + 1, entry.article)} · ${passages}\n${blockQuote(
        excerptMarkdown(entry.excerpt, entry.span, excerptBudget),
      )}`;
    });
    const total = sources.total ?? sources.sources.length;
    const embed: APIEmbed = {
      title: fitEscaped(m.sourcesOn(sources.topic), LIMITS.embedTitle),
      description: entries.join('\n\n'),
      color: COLOR,
      footer: {
        text: count < total ? m.articlesOfTotal(count, total) : m.articles(total),
      },
    };
    if (fitsLimits([embed])) return { embeds: [embed], components: [], allowedMentions: NO_MENTIONS };
    if (count > 1) count--;
    else if (excerptBudget > 40) excerptBudget = Math.floor(excerptBudget * 0.75);
    else throw new Error('a sources embed does not fit in Discord limits');
  }
}

/** A short text-only message (rate limit, errors, not found): escaped by the caller. */
export function textMessage(markdown: string): DiscordMessage {
  return { content: fitText(markdown, LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

function notFoundText(m: Messages, detail: string, suggestions: string[]): string {
  const lines = [`**${escapeDiscord(m.notInArticles)}** ${escapeDiscord(detail)}`];
  if (suggestions.length > 0) lines.push(`${escapeDiscord(m.tryTopics('\u0000')).replace('\u0000', () => suggestions.slice(0, 10).map(escapeDiscord).join(', '))}.`);
  return lines.join('\n');
}

/** Numbers each distinct article in order of first appearance, from 1. */
function citationNumbers(articles: ArticleRef[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const a of articles) if (!numbers.has(a.id)) numbers.set(a.id, numbers.size + 1);
  return numbers;
}

function citationList(numbers: Map<string, number>, articles: ArticleRef[]): string {
  const byId = new Map(articles.map((a) => [a.id, a]));
  return [...numbers].map(([id, n]) => citationMarkdown(n, byId.get(id)!)).join('\n');
}

/** `**[1]** [title](url) · publisher · date`, the title linked only when the url is known. */
export function citationMarkdown(n: number, article: ArticleRef): string {
  const { title, url, details } = citationParts(article);
  const shownTitle = escapeDiscord(fitText(title, 200));
  const linked = url ? `[${shownTitle}](${linkTarget(url)})` : `**${shownTitle}**`;
  return `**[${n}]** ${linked}${details ? ` · ${escapeDiscord(fitText(details, 200))}` : ''}`;
}

/** A URL that cannot end a markdown link early. */
function linkTarget(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * An excerpt as escaped markdown with the answer span in bold, shortened (at a sentence or word
 * boundary) to `budget` characters of original text when longer.
 */
export function excerptMarkdown(text: string, span: Span | null, budget = 400): string {
  // Line breaks become spaces (same length, so the span's offsets still hold).
  const flat = text.replace(/[\r\n\t]/g, ' ');
  const fitted = fitText(flat, budget);
  // fitText keeps a prefix of the text, then maybe an ellipsis.
  const kept = fitted === flat ? flat.length : fitted.replace(/\s*…$/, '').length;
  if (!span || span.start < 0 || span.end > kept || span.end <= span.start) {
    // No span, or it does not survive the shortening: no bold rather than a wrong bold.
    return escapeDiscord(fitted).trim();
  }
  let s = span.start;
  let e = span.end;
  // `** 5 gigawatts**` would not render bold: keep white space outside the markers.
  while (s < e && /\s/.test(flat[s])) s++;
  while (e > s && /\s/.test(flat[e - 1])) e--;
  if (s === e) return escapeDiscord(fitted).trim();
  return `${escapeDiscord(fitted.slice(0, s)).trimStart()}**${escapeDiscord(fitted.slice(s, e))}**${escapeDiscord(fitted.slice(e)).trimEnd()}`;
}

/** Escaped text of at most `max` characters, cut at a sentence or word boundary of the original. */
export function fitEscaped(text: string, max: number): string {
  let budget = max;
  for (;;) {
    const escaped = escapeDiscord(fitText(text, budget));
    if (escaped.length <= max || budget <= 1) return escaped.slice(0, max);
    budget -= escaped.length - max;
  }
}

function buttonRows(m: Messages, moreId: string | undefined, shareId: string | undefined, feedback?: { up: string; down: string }): ButtonRow[] {
  const button = (style: ButtonStyle.Primary | ButtonStyle.Secondary, label: string, custom_id: string): APIButtonComponent => ({
    type: ComponentType.Button,
    style,
    label: label.slice(0, LIMITS.buttonLabel),
    custom_id,
  });
  const buttons: APIButtonComponent[] = [];
  if (moreId) buttons.push(button(ButtonStyle.Secondary, m.moreExcerpts, moreId));
  if (shareId) buttons.push(button(ButtonStyle.Primary, m.share, shareId));
  if (feedback) buttons.push(button(ButtonStyle.Secondary, m.helpful, feedback.up), button(ButtonStyle.Secondary, m.notHelpful, feedback.down));
  return buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

/** Characters that count toward an embed's 6000 (title, description, footer, author, fields). */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Whether a message's embeds respect every Discord limit. */
export function fitsLimits(embeds: APIEmbed[]): boolean {
  if (embeds.length > LIMITS.embeds) return false;
  let total = 0;
  for (const e of embeds) {
    if ((e.title?.length ?? 0) > LIMITS.embedTitle) return false;
    if ((e.description?.length ?? 0) > LIMITS.embedDescription) return false;
    if ((e.footer?.text.length ?? 0) > LIMITS.embedFooter) return false;
    total += embedLength(e);
  }
  return total <= LIMITS.embedTotal;
}

/**
 * A digest as Discord messages: the header as the message text, one embed per article (linked
 * title, its key sentences quoted, its topics, publisher and date in the footer). Split across
 * as many messages as Discord's limits need (10 embeds and 6000 characters a message); a
 * continuation says so in its header. A digest with no article is one line.
 */
export function renderDigest(digest: Digest, m: Messages = messages('en')): DiscordMessage[] {
  const header = `**${escapeDiscord(m.digestTitle(digest.day, digest.count))}**`;
  if (digest.count === 0) {
    const since = Math.floor(Date.parse(digest.since) / 1000);
    return [textMessage(`${header}\n${escapeDiscord(m.digestNoNew('\u0000'))}`.replace('\u0000', `<t:${since}:f>`))];
  }
  const pages: APIEmbed[][] = [[]];
  for (const article of digest.articles) {
    const embed = digestEmbed(article, m);
    const page = pages[pages.length - 1];
    if (page.length > 0 && !fitsLimits([...page, embed])) pages.push([embed]);
    else page.push(embed);
  }
  return pages.map((embeds, i) => ({
    content: pages.length > 1 ? `${header}${i > 0 ? ` (${m.digestContinued})` : ''} · ${i + 1}/${pages.length}` : header,
    embeds,
    components: [],
    allowedMentions: NO_MENTIONS,
  }));
}

function digestEmbed(item: DigestArticle, m: Messages): APIEmbed {
  const { title, url, details } = citationParts(item.article);
  const topics = item.topics.length ? `\n\n_${escapeDiscord(m.topics('\u0000')).replace('\u0000', item.topics.map((t) => escapeDiscord(t)).join(', '))}_` : '';
  let budget = 400;
  let description = '';
  for (;;) {
    const quotes = item.highlights.map((h) => blockQuote(excerptMarkdown(h, null, budget))).join('\n');
    description = `${quotes}${topics}`;
    if (description.length <= 1500 || budget <= 60) break;
    budget = Math.floor(budget * 0.8);
  }
  const embed: APIEmbed = {
    title: fitEscaped(title, LIMITS.embedTitle),
    description: description.slice(0, LIMITS.embedDescription),
    color: COLOR,
  };
  const link = safeUrl(url);
  if (link) embed.url = link;
  if (details) embed.footer = { text: fitText(details, 200) };
  return embed;
}
