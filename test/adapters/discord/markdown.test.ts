import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeDiscord } from '../../../src/adapters/discord/markdown.js';

/** What Discord shows for escaped text: a backslash before punctuation is hidden, and so is a zero-width space. */
function shown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/\u200b/g, '');
}

/** Markdown left active: any of these unescaped means Discord would format something. */
function activeMarkdown(markdown: string): string[] {
  const found: string[] = [];
  const unescaped = markdown.replace(/https?:\/\/[^\s<>\\`|*~[\]]+/g, 'URL').replace(/\\[!-/:-@[-`{-~]/g, 'x');
  for (const token of ['*', '_', '~~', '`', '||', '[', '<@', '<#', '<t:']) if (unescaped.includes(token)) found.push(token);
  if (/@(everyone|here)/i.test(unescaped)) found.push('@everyone');
  if (/^\s*(#{1,3} |[-+] |\d+\. |>)/m.test(unescaped)) found.push('line marker');
  return found;
}

describe('escapeDiscord', () => {
  it('shows article text as written, with no formatting and no mention', () => {
    const text = 'Zuckerberg: *Hyperion* sera __énorme__ — @everyone @here <@123> [lien](https://evil.example) ~~non~~ ||spoiler|| `code`';
    const escaped = escapeDiscord(text);
    expect(activeMarkdown(escaped)).toEqual([]);
    expect(shown(escaped)).toBe(text);
  });

  it('neutralises headings, lists and quotes at the start of a line', () => {
    const text = '# Titre\n- point\n+ autre\n12. douze\n> citation';
    expect(activeMarkdown(escapeDiscord(text))).toEqual([]);
    expect(shown(escapeDiscord(text))).toBe(text);
  });

  it('leaves URLs whole so that they stay clickable', () => {
    expect(escapeDiscord('voir https://example.org/a_b/c?d=1 et _ça_')).toBe('voir https://example.org/a_b/c?d=1 et \\_ça\\_');
  });

  it('for any text: nothing is formatted and the reader sees the original text', () => {
    const alphabet = fc.constantFrom(...'ab *_~`|<>[]()#-+.1@\\\n '.split(''), 'everyone', 'here', 'https://x.org/');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        const escaped = escapeDiscord(text);
        expect(shown(escaped)).toBe(text);
        expect(activeMarkdown(escaped)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
