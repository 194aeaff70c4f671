// RSS 2.0 and Atom feeds: the items' links, newest first.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IngestError } from './errors.js';

export interface FeedItem {
  /** The item's link, absolute. */
  link: string;
  title: string | null;
  /** Publication time in ms, when the feed gives one. */
  published: number | null;
}

export interface Feed {
  kind: 'rss' | 'atom';
  title: string | null;
  /** Newest first. */
  items: FeedItem[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node = Record<string, unknown>;

const text = (v: unknown): string | null => {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (v && typeof v === 'object') return text((v as Node)['#text']);
  return null;
};

const time = (v: unknown): number | null => {
  const s = text(v);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
};

function absolute(link: string | null, base: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Parses a feed; throws an IngestError when it is not XML, or not RSS 2.0 or Atom. */
export function parseFeed(xml: string, feedUrl: string): Feed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new IngestError(`not an RSS or Atom feed: not XML (${valid.err.msg.replace(/\.$/, '')}, line ${valid.err.line})`);
  const doc = parser.parse(xml) as Node;
  let feed: Feed;
  if (doc.rss && typeof doc.rss === 'object') {
    const channel = ((doc.rss as Node).channel ?? {}) as Node;
    const items = (channel.item as Node[] | undefined) ?? [];
    feed = {
      kind: 'rss',
      title: text(channel.title),
      items: items.flatMap((item) => {
        const guid = item.guid as Node | string | undefined;
        const permalink = typeof guid === 'object' && guid?.['@_isPermaLink'] !== 'false' ? text(guid) : typeof guid === 'string' ? guid : null;
        const link = absolute(text(item.link), feedUrl) ?? absolute(permalink, feedUrl);
        return link ? [{ link, title: text(item.title), published: time(item.pubDate) ?? time(item.date) }] : [];
      }),
    };
  } else if (doc.feed && typeof doc.feed === 'object') {
    const root = doc.feed as Node;
    const entries = (root.entry as Node[] | undefined) ?? [];
    feed = {
      kind: 'atom',
      title: text(root.title),
      items: entries.flatMap((entry) => {
        const links = ((entry.link as Node[] | undefined) ?? []).filter((l) => typeof l === 'object');
        const alternate = links.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ?? links[0];
        const link = absolute(text(alternate?.['@_href']), feedUrl);
        return link ? [{ link, title: text(entry.title), published: time(entry.published) ?? time(entry.updated) }] : [];
      }),
    };
  } else {
    const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '(none)';
    throw new IngestError(`not an RSS 2.0 or Atom feed (root element <${root}>)`);
  }
  // Newest first; items without a date keep their place after the dated ones.
  feed.items = feed.items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (b.item.published ?? -Infinity) - (a.item.published ?? -Infinity) || a.i - b.i)
    .map(({ item }) => item);
  return feed;
}
