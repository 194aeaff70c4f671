// Slack mrkdwn primitives. Every piece of article or user text goes through `escapeMrkdwn`, so that
// nothing a publisher or a user wrote can become `<!channel>`, `<!here>`, `<!everyone>`, a user
// mention or a link: Slack only parses those from a raw `<`, which never survives escaping.
import type { Span } from '../../core/types.js';
import { safeUrl } from '../common/citation.js';
import { fitText } from '../common/text.js';

/** The longest text Slack accepts in a section or a context element. */
export const MAX_TEXT = 3000;

/** Escapes the three characters Slack's mrkdwn reserves (`&`, `<`, `>`). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A link `<url|label>` when `url` is an http(s) URL; otherwise the escaped label alone.
 * The URL is percent-encoded where Slack's link syntax would end it early (`|`, `>`, spaces).
 */
export function link(url: string | null | undefined, label: string): string {
  const text = escapeMrkdwn(label.replace(/\|/g, '¦'));
  const href = safeUrl(url);
  if (!href) return text;
  return `<${href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;')}|${text}>`;
}

/** Characters that would stop `*…*` from rendering bold, or end the bold run early. */
function canBold(mid: string): boolean {
  return mid.length > 0 && !mid.includes('*') && !/\n/.test(mid);
}

/** `text` as mrkdwn, with the `span` (if any) in bold; no length limit. */
export function highlight(text: string, span: Span | null): string {
  const flat = text.replace(/[\r\n\t]/g, ' ');
  if (!span || span.start < 0 || span.end > flat.length || span.start >= span.end) return escapeMrkdwn(flat);
  let start = span.start;
  let end = span.end;
  // Slack needs the asterisks against non-space characters: move spaces out of the bold run.
  while (start < end && /\s/.test(flat[start])) start++;
  while (end > start && /\s/.test(flat[end - 1])) end--;
  const mid = flat.slice(start, end);
  if (!canBold(mid)) return escapeMrkdwn(flat);
  return escapeMrkdwn(flat.slice(0, start)) + '*' + escapeMrkdwn(mid) + '*' + escapeMrkdwn(flat.slice(end));
}

/**
 * An excerpt as a mrkdwn block quote with its answer span in bold, at most `max` characters
 * once escaped. Too long a text is cut at a sentence (else word) boundary, keeping the bold span
 * when it fits in what is kept.
 */
export function quoteExcerpt(text: string, span: Span | null, max = MAX_TEXT): string {
  const render = (t: string) => {
    // What fitText kept of the original text, without the ellipsis it adds.
    const kept = t === text ? t.length : t.replace(/\s?…$/, '').length;
    const s = span && span.end <= kept ? span : null;
    return '>' + highlight(t, s);
  };
  let out = render(text);
  let budget = text.length;
  while (out.length > max && budget > 1) {
    // Escaping only lengthens text; shrink the raw budget by the overflow and try again.
    budget = Math.max(1, budget - (out.length - max) - 1);
    const cut = fitText(text, budget);
    out = render(cut);
  }
  return out;
}

/** Plain text for a notification preview: escaped, on one line, at most `max` characters. */
export function previewText(text: string, max = 300): string {
  return escapeMrkdwn(fitText(text.replace(/\s+/g, ' ').trim(), max));
}
