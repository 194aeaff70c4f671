// A web page reduced to its article: @mozilla/readability over a linkedom document, then plain
// Markdown blocks (paragraphs, `## ` headings, `- ` items) with the boilerplate removed.
// Title, date, publisher, url and language come from the page's metadata, else null.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArticleLang } from '../core/article.js';
import { canonicalUrl } from './canonical.js';
import { cleanBlocks, proseLength } from './clean.js';
import { IngestError } from './errors.js';
import { detectLang, langFromTag } from './lang.js';

/** An article before it has an id and an `added` time. */
export interface ArticleDraft {
  title: string;
  source: string | null;
  url: string | null;
  date: string | null;
  lang: ArticleLang;
  body: string;
}

/** The few DOM members used here (linkedom implements them; the project has no DOM lib types). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}
interface DomDocument {
  documentElement: DomNode;
  title: string;
  body: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

const parse = (html: string): DomDocument => (parseHTML(html) as unknown as { document: DomDocument }).document;

export interface HtmlOptions {
  /** Where the page was fetched from (after redirects); null for a local file. */
  pageUrl: string | null;
  /** Below this many characters of sentences, the page is "no article". */
  minProse?: number;
}

export function htmlToArticle(html: string, options: HtmlOptions): ArticleDraft {
  const meta = readMetadata(parse(html), options.pageUrl);
  // Readability changes the document it reads: give it its own copy.
  const result = new Readability(parse(html) as never, { charThreshold: 300 }).parse();
  const title = clean(meta.title ?? result?.title ?? '') || null;
  const blocks = result?.content ? cleanBlocks(blocksOf(parse(`<!DOCTYPE html><html><body>${result.content}</body></html>`).body), title) : [];
  if (proseLength(blocks) < (options.minProse ?? 250)) throw new IngestError('no article found on the page');
  if (!title) throw new IngestError('the article has no title');
  const body = blocks.join('\n\n');
  return {
    title,
    source: meta.source,
    url: meta.url,
    date: meta.date,
    lang: meta.lang ?? langFromTag(result?.lang) ?? detectLang(`${title} ${body}`),
    body,
  };
}

interface PageMetadata {
  title: string | null;
  source: string | null;
  url: string | null;
  date: string | null;
  lang: ArticleLang | null;
}

export function readMetadata(doc: DomDocument, pageUrl: string | null): PageMetadata {
  const metaContent = (...keys: string[]) => {
    for (const key of keys) {
      const el = doc.querySelector(`meta[property="${key}"]`) ?? doc.querySelector(`meta[name="${key}"]`) ?? doc.querySelector(`meta[itemprop="${key}"]`);
      const v = el?.getAttribute?.('content')?.trim();
      if (v) return v;
    }
    return null;
  };
  const ld = jsonLdArticle(doc);
  const canonicalHref = doc.querySelector('link[rel="canonical"]')?.getAttribute?.('href') ?? null;
  const urlCandidates = [canonicalHref, metaContent('og:url'), ld.url, pageUrl];
  let url: string | null = null;
  for (const c of urlCandidates) {
    if (c && (url = canonicalUrl(c, pageUrl ?? undefined))) break;
  }
  const dateCandidates = [metaContent('article:published_time'), ld.datePublished, metaContent('datePublished', 'date', 'DC.date.issued', 'publish-date')];
  return {
    title: clean(ld.headline ?? metaContent('og:title', 'twitter:title') ?? doc.title ?? '') || null,
    source: clean(metaContent('og:site_name') ?? ld.publisher ?? '') || null,
    url,
    date: dateCandidates.map(isoDate).find((d) => d !== null) ?? null,
    lang:
      langFromTag(doc.documentElement.getAttribute?.('lang')) ??
      langFromTag(metaContent('og:locale')) ??
      langFromTag(doc.querySelector('meta[http-equiv="content-language"]')?.getAttribute?.('content')) ??
      langFromTag(ld.inLanguage),
  };
}

const ARTICLE_TYPES = /^(NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|TechArticle|WebPage)$/;

function jsonLdArticle(doc: DomDocument) {
  const found: Record<string, unknown>[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const types = ([] as unknown[]).concat(o['@type'] ?? []);
      if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) found.push(o);
      if (o['@graph']) visit(o['@graph']);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A broken JSON-LD block is ignored: the other metadata still counts.
    }
  }
  // A real article type beats the WebPage wrapper.
  found.sort((a, b) => Number(String(a['@type']).includes('WebPage')) - Number(String(b['@type']).includes('WebPage')));
  const o = found[0] ?? {};
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const nameOf = (v: unknown): string | null =>
    Array.isArray(v) ? nameOf(v[0]) : str(v) ?? (v && typeof v === 'object' ? str((v as Record<string, unknown>).name) : null);
  const idOf = (v: unknown): string | null => str(v) ?? (v && typeof v === 'object' ? str((v as Record<string, unknown>)['@id']) : null);
  return {
    headline: str(o.headline) ?? str(o.name),
    datePublished: str(o.datePublished),
    publisher: nameOf(o.publisher),
    url: str(o.url) ?? idOf(o.mainEntityOfPage),
    inLanguage: nameOf(o.inLanguage),
  };
}

/** `2025-07-18` from an ISO date-time (the publisher's own calendar day), else null. */
export function isoDate(value: string | null | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value?.trim() ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? m[0] : null;
}

const clean = (s: string) => s.replace(/[ \t\r\n]+/g, ' ').trim();

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'SVG', 'IMG', 'PICTURE', 'VIDEO', 'AUDIO', 'IFRAME', 'BUTTON', 'FORM', 'INPUT', 'SELECT', 'NAV', 'ASIDE', 'FOOTER', 'HEADER', 'TEMPLATE', 'CANVAS', 'OBJECT', 'EMBED']);
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const BLOCKS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'BLOCKQUOTE', 'PRE', 'UL', 'OL', 'LI', 'DL', 'DT', 'DD', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TD', 'TH',
  'FIGURE', 'FIGCAPTION', 'HR', 'ADDRESS', 'CENTER', ...HEADINGS,
]);

/** Markdown blocks of a DOM subtree: text kept verbatim, only white space collapsed. */
export function blocksOf(root: DomNode | null): string[] {
  const blocks: string[] = [];
  let inline = '';
  const flush = () => {
    for (const part of inline.split(/\n\s*\n/)) {
      const text = clean(part);
      if (text) blocks.push(text);
    }
    inline = '';
  };
  const walk = (node: DomNode, listItem: boolean): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        inline += child.textContent ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = child.nodeName.toUpperCase();
      if (SKIP.has(tag)) continue;
      if (tag === 'BR') {
        inline += '\n';
        continue;
      }
      if (!BLOCKS.has(tag)) {
        walk(child, listItem);
        continue;
      }
      flush();
      if (HEADINGS.has(tag)) {
        const text = clean(child.textContent ?? '');
        if (text) blocks.push(`## ${text}`);
      } else if (tag === 'LI') {
        const before = blocks.length;
        walk(child, true);
        flush();
        // The item's own text becomes `- text`; nested lists stay items of their own.
        if (blocks.length > before && !blocks[before].startsWith('- ')) blocks[before] = `- ${blocks[before].replace(/^## /, '')}`;
      } else {
        walk(child, listItem);
        flush();
      }
    }
  };
  if (root) walk(root, false);
  flush();
  return blocks;
}
