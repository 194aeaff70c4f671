// Escaping article and question text for Discord's markdown, so that what a person reads is the
// text itself: no stray bold, no masked link, no heading, no mention that pings or even renders.

const URL_PATTERN = /https?:\/\/[^\s<>\\`|*~[\]]+/g;
/** Characters Discord's markdown reacts to anywhere in a line. */
const INLINE = /[\\*_~`|<>[\]]/g;
/** Markers that only mean something at the start of a line: quote, heading, list. */
const LINE_START = /^(\s*)(#{1,3}(?=\s)|[-+](?=\s)|\d+\.(?=\s))/gm;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Escapes `text` for a Discord message or embed: every markdown character gets a backslash
 * (Discord hides a backslash before punctuation), URLs are left whole so they stay clickable,
 * and `@everyone` / `@here` get a zero-width space so they neither ping nor render as mentions.
 */
export function escapeDiscord(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    out += escapePlain(text.slice(last, m.index));
    out += m[0];
    last = m.index + m[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_m, indent: string, marker: string) =>
      marker.endsWith('.') ? `${indent}${marker.slice(0, -1)}\\.` : `${indent}\\${marker}`,
    )
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`);
}

/** Quotes text as a Discord block quote, line by line. */
export function blockQuote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
