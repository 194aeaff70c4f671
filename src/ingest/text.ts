// A local .txt or .md file as an article: title from front matter or the first line/heading;
// no date, publisher or url unless the file's front matter gives them.
import { parse as parseYaml } from 'yaml';
import { cleanBlocks, proseLength } from './clean.js';
import { IngestError } from './errors.js';
import type { ArticleDraft } from './html.js';
import { isoDate } from './html.js';
import { detectLang, langFromTag } from './lang.js';
import { canonicalUrl } from './canonical.js';

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const LIST = /^\s*(?:[-*•‣▪]|\d+[.)])\s+/;

export interface TextOptions {
  /** Markdown (lines of a paragraph are joined) rather than plain text (a line is a paragraph). */
  markdown?: boolean;
  minProse?: number;
}

export function textToArticle(content: string, options: TextOptions = {}): ArticleDraft {
  let text = content.replace(/\r\n?/g, '\n');
  let fm: Record<string, unknown> = {};
  const m = FRONT_MATTER.exec(text);
  if (m) {
    try {
      const data = parseYaml(m[1]) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) fm = data as Record<string, unknown>;
    } catch {
      throw new IngestError('has front matter that is not valid YAML');
    }
    text = m[2];
  }
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

  const markdown = options.markdown ?? false;
  // Noise lines first (dates, placeholders, breadcrumbs), so that the title is the first real line.
  let blocks = cleanBlocks(toBlocks(text, markdown));
  // A breadcrumb ends with the headline that follows it.
  if (blocks.length > 1 && blocks[0].length > blocks[1].length && blocks[0].endsWith(blocks[1].replace(/^## /, ''))) blocks.shift();
  let title = str(fm.title);
  if (!title && blocks.length) {
    const first = blocks[0].replace(/^## /, '');
    // A first line is a title when it is short and does not read as a sentence of the body.
    if (blocks[0].startsWith('## ') || (first.length <= 200 && !/[.!?]$/.test(first))) {
      title = first;
      blocks = blocks.slice(1);
    }
  }
  if (!title) throw new IngestError('no title: the first line should be the title (or give one in front matter)');
  blocks = cleanBlocks(blocks, title);
  if (!markdown) blocks = blocks.map((b, i) => (isHeadingLike(b) && i + 1 < blocks.length && !isHeadingLike(blocks[i + 1]) ? `## ${b}` : b));
  if (proseLength(blocks) < (options.minProse ?? 250)) throw new IngestError('no article found in the file (too little text)');
  const body = blocks.join('\n\n');
  const dateValue = fm.date instanceof Date ? fm.date.toISOString().slice(0, 10) : str(fm.date) ?? (typeof fm.date === 'number' ? String(fm.date) : null);
  return {
    title,
    source: str(fm.source),
    url: str(fm.url) ? canonicalUrl(str(fm.url)!) : null,
    date: dateValue && /^\d{4}(-\d{2})?$/.test(dateValue) ? dateValue : isoDate(dateValue),
    lang: langFromTag(str(fm.lang)) ?? detectLang(`${title} ${body}`),
    body,
  };
}

/**
 * Blocks of a plain text: a line is a paragraph unless it continues a hard-wrapped one; `#` headings
 * become `## `, list lines `- ` items, and in a .txt a short line without final punctuation a `## ` heading.
 */
function toBlocks(text: string, markdown: boolean): string[] {
  const blocks: string[] = [];
  for (const para of text.split(/\n[ \t]*\n/)) {
    let current = '';
    const flush = () => {
      if (current) blocks.push(current);
      current = '';
    };
    for (const raw of para.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      if (/^#{1,6}\s+/.test(line)) {
        flush();
        blocks.push(`## ${line.replace(/^#{1,6}\s+/, '').replace(/\s+#+$/, '')}`);
      } else if (LIST.test(line)) {
        flush();
        blocks.push(`- ${line.replace(LIST, '')}`);
      } else if (current && (markdown || (current.length >= 50 && !/[.!?:»"”)…]$/.test(current) && /^[\p{Ll}(«"“]/u.test(line)))) {
        current += ` ${line}`;
      } else {
        flush();
        current = line;
      }
    }
    flush();
  }
  return blocks;
}

const isHeadingLike = (b: string) => !b.startsWith('- ') && !b.startsWith('## ') && b.length <= 120 && !/[.!?:;,…»"”]$/.test(b);
