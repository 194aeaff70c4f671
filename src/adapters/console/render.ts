// Renders answers for a terminal: excerpts in quotes, the answer span in bold, numbered citations.
import type { Answer, ArticleRef, Digest, Excerpt, Sources, Span } from '../../core/types.js';
import { corroborationLine, safeUrl } from '../common/citation.js';

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

export function citation(a: ArticleRef, withTitle = true): string {
  return [withTitle ? a.title : null, a.source, a.date ?? 'undated', safeUrl(a.url)].filter(Boolean).join(' · ');
}

function marked(text: string, span: Span | null, style: ConsoleStyle): string {
  if (!span) return text;
  return text.slice(0, span.start) + style.bold(text.slice(span.start, span.end)) + text.slice(span.end);
}

function excerptBlock(e: Excerpt, n: number, style: ConsoleStyle): string {
  return `[${n}] « ${marked(e.text, e.span, style)} »\n    ${style.dim(citation(e.article))}`;
}

export function renderAnswer(answer: Answer, style: ConsoleStyle = plain, firstNumber = 1): string {
  if (!answer.answered) {
    const hint = answer.suggestions.length ? `\nI can answer about: ${answer.suggestions.join(', ')}.` : '';
    return `${answer.message}${answer.reason === 'not-found' ? hint : ''}`;
  }
  const lines = answer.excerpts.map((e, i) => excerptBlock(e, firstNumber + i, style));
  const agree = corroborationLine(answer.corroboration);
  if (agree) lines.push(style.dim(`${agree}.`));
  if (answer.moreAvailable > 0) lines.push(style.dim(`(${answer.moreAvailable} more excerpt${answer.moreAvailable > 1 ? 's' : ''}: /more)`));
  return lines.join('\n');
}

export function renderSources(result: Sources, style: ConsoleStyle = plain): string {
  if (!result.found) {
    const hint = result.suggestions?.length ? `\nTopics I know: ${result.suggestions.join(', ')}.` : '';
    return `${result.message ?? 'Nothing found.'}${hint}`;
  }
  const head = result.topic ? `${result.sources.length} article(s) about “${result.topic}”:` : `${result.sources.length} article(s) in the corpus:`;
  const items = result.sources.map((s, i) => {
    const mentions = result.topic ? ` ${style.dim(`(${s.passages} passage${s.passages > 1 ? 's' : ''})`)}` : '';
    return `[${i + 1}] ${style.bold(s.article.title)}${mentions}\n    ${style.dim(citation(s.article, false))}\n    « ${marked(s.excerpt, s.span, style)} »`;
  });
  return [head, ...items].join('\n');
}

/** A digest: the header, then each article with its key sentences and topics. */
export function renderDigest(digest: Digest, style: ConsoleStyle = plain): string {
  if (digest.count === 0) return `${digest.title}. Nothing added since ${digest.since.slice(0, 16).replace('T', ' ')} UTC.`;
  const items = digest.articles.map((a, i) => {
    const quotes = a.highlights.map((h) => `    « ${h} »`).join('\n');
    const topics = a.topics.length ? `\n    ${style.dim(`Topics: ${a.topics.join(', ')}`)}` : '';
    const details = [a.article.source, a.article.date ?? 'undated', a.article.url, `added ${a.added.slice(0, 16).replace('T', ' ')} UTC`];
    return `[${i + 1}] ${style.bold(a.article.title)}\n    ${style.dim(details.filter(Boolean).join(' · '))}\n${quotes}${topics}`;
  });
  return [style.bold(digest.title), ...items].join('\n\n');
}

export const HELP = `Commands:
  /ask <question>     the sentences that answer it, cited (English or French)
  /sources <topic>    the articles about a topic, best first (empty: all articles)
  /more               more excerpts for the last question
  /help               this help
  /quit               leave (also: quit, exit, Ctrl-D, Ctrl-C twice)
A line without a command is a question.`;
