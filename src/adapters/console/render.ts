// Renders answers for a terminal: excerpts in quotes, the answer span in bold, numbered citations.
import type { Answer, ArticleRef, Digest, Excerpt, Sources, Span } from '../../core/types.js';
import { MAX_QUESTION } from '../../core/answer.js';
import { corroborationLine, safeUrl } from '../common/citation.js';
import { chooseLanguage, messages, type Messages } from '../common/messages.js';

export interface ConsoleStyle {
  bold(s: string): string;
  dim(s: string): string;
}

export const ansi: ConsoleStyle = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };
/** Without a terminal: the span between ** as in Markdown, nothing dimmed. */
export const plain: ConsoleStyle = { bold: (s) => `**${s}**`, dim: (s) => s };

/**
 * Whether to style output for `stream`: FORCE_COLOR wins (0 or false turns styling off), then
 * NO_COLOR (https://no-color.org), then a terminal that is not TERM=dumb. An empty variable is
 * unset, as every variable of veille's own.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR?.trim().toLowerCase();
  if (force) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** ANSI bold and dim when the stream wants colour, else the plain markers. */
export function terminalStyle(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ConsoleStyle {
  return wantsColor(stream, env) ? ansi : plain;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const visibleLength = (s: string) => [...s.replace(ANSI, '')].length;

/**
 * Wraps each line at word boundaries to `width` columns (ANSI codes take none). A continuation
 * line keeps the line's indent, and a numbered excerpt (`[3] « …`) continues under its text, at
 * the indent of its citation line. Words longer than the width (URLs) stay whole.
 */
export function wrap(text: string, width: number): string {
  if (!(width > 20)) return text;
  return text
    .split('\n')
    .map((line) => {
      if (visibleLength(line) <= width) return line;
      const lead = /^(\[\d+\] |\s+)/.exec(line)?.[1] ?? '';
      const indent = lead.startsWith('[') ? '    ' : lead;
      const words = line.slice(lead.length).split(/ +/);
      const out: string[] = [];
      let current = lead;
      let currentLength = visibleLength(lead);
      let empty = true;
      for (const word of words) {
        const length = visibleLength(word);
        if (!empty && currentLength + 1 + length > width) {
          out.push(current);
          current = indent + word;
          currentLength = indent.length + length;
        } else {
          current += empty ? word : ` ${word}`;
          currentLength += (empty ? 0 : 1) + length;
        }
        empty = false;
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}

/** Wrapped to the terminal's width when `stream` is a terminal; untouched when piped. */
export function wrapForTerminal(text: string, stream: { isTTY?: boolean; columns?: number }): string {
  return stream.isTTY && stream.columns ? wrap(text, stream.columns) : text;
}

/**
 * The terminal's locale, in POSIX order: LC_ALL, else LC_MESSAGES, else LANG (`fr_FR.UTF-8`);
 * null when none is set (an empty variable is unset).
 */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): string | null {
  return [env.LC_ALL, env.LC_MESSAGES, env.LANG].map((v) => v?.trim()).find(Boolean) ?? null;
}

/**
 * The catalogue for the terminal: French when its locale is French; else, as on the platforms
 * when they give no locale, the language of `text` (the question); else English. An English or C
 * locale, the default of most machines, says nothing about the asker, so the question decides.
 */
export function terminalMessages(locale: string | null | undefined, text?: string | null): Messages {
  return messages(chooseLanguage(/^fr([-_.@]|$)/i.test(locale ?? '') ? 'fr' : null, text));
}

export function citation(a: ArticleRef, withTitle = true, m: Messages = messages('en')): string {
  return [withTitle ? a.title : null, a.source, a.date ?? m.undated, safeUrl(a.url)].filter(Boolean).join(' · ');
}

function marked(text: string, span: Span | null, style: ConsoleStyle): string {
  if (!span) return text;
  return text.slice(0, span.start) + style.bold(text.slice(span.start, span.end)) + text.slice(span.end);
}

function excerptBlock(e: Excerpt, n: number, style: ConsoleStyle, m: Messages): string {
  return `[${n}] « ${marked(e.text, e.span, style)} »\n    ${style.dim(citation(e.article, true, m))}`;
}

/** "Not in the articles", why, and the topics the corpus does cover. */
function notFound(m: Messages, detail: string, suggestions: string[] | undefined): string {
  const hint = suggestions?.length ? `\n${m.tryTopics(suggestions.join(', '))}.` : '';
  return `${m.notInArticles} ${detail}${hint}`;
}

/** An answer; `m` is the catalogue of the framing (default: the question's language). */
export function renderAnswer(answer: Answer, style: ConsoleStyle = plain, firstNumber = 1, m: Messages = terminalMessages(null, answer.question)): string {
  if (!answer.answered) {
    if (answer.reason === 'empty') return m.askEmpty(m.askExample);
    if (answer.reason === 'too-long') return m.tooLong(answer.question.length, MAX_QUESTION);
    return notFound(m, m.notFoundDetail, answer.suggestions);
  }
  const lines = answer.excerpts.map((e, i) => excerptBlock(e, firstNumber + i, style, m));
  const agree = corroborationLine(answer.corroboration, m);
  if (agree) lines.push(style.dim(`${agree}.`));
  if (answer.moreAvailable > 0) lines.push(style.dim(m.moreExcerptsCommand(answer.moreAvailable, '/more')));
  return lines.join('\n');
}

/** The articles about a topic; `m` as for renderAnswer (default: the topic's language). */
export function renderSources(result: Sources, style: ConsoleStyle = plain, m: Messages = terminalMessages(null, result.topic)): string {
  if (!result.found) {
    if (result.topic.length > MAX_QUESTION) return m.tooLong(result.topic.length, MAX_QUESTION);
    return notFound(m, m.topicNotMentioned(result.topic), result.suggestions);
  }
  const n = result.total ?? result.sources.length;
  const head = result.topic ? m.articlesAboutTopic(n, result.topic) : m.articlesInCorpus(n);
  const items = result.sources.map((s, i) => {
    const mentions = result.topic ? ` ${style.dim(`(${m.passages(s.passages)})`)}` : '';
    return `[${i + 1}] ${style.bold(s.article.title)}${mentions}\n    ${style.dim(citation(s.article, false, m))}\n    « ${marked(s.excerpt, s.span, style)} »`;
  });
  const more = n - result.sources.length;
  return [head, ...items, ...(more > 0 ? [style.dim(m.moreArticlesNotShown(more))] : [])].join('\n');
}

/** A digest: the header, then each article with its key sentences and topics. */
export function renderDigest(digest: Digest, style: ConsoleStyle = plain, m: Messages = messages('en')): string {
  const title = m.digestTitle(digest.day, digest.count);
  const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  if (digest.count === 0) return `${title}. ${m.digestNoNew(utc(digest.since))}`;
  const items = digest.articles.map((a, i) => {
    const quotes = a.highlights.map((h) => `    « ${h} »`).join('\n');
    const topics = a.topics.length ? `\n    ${style.dim(m.topics(a.topics.join(', ')))}` : '';
    const details = [a.article.source, a.article.date ?? m.undated, a.article.url, m.addedAt(utc(a.added))];
    return `[${i + 1}] ${style.bold(a.article.title)}\n    ${style.dim(details.filter(Boolean).join(' · '))}\n${quotes}${topics}`;
  });
  return [style.bold(title), ...items].join('\n\n');
}
