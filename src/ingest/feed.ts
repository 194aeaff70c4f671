// Feeds: RSS 2.0, Atom, RSS 1.0 (RDF) and JSON Feed, mapped by hand to the little veille needs
// (each item's link, title and date), newest first. The four formats differ only in where those
// three fields live, which a dozen lines each say; a parser library would bring much more than that.
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
  kind: 'rss' | 'atom' | 'rdf' | 'json';
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

/** A JSON string field, trimmed; null for anything else. */
const text_ = (v: unknown): string | null => (typeof v === 'string' ? v.trim() || null : null);

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

const NOT_A_FEED = 'not a feed (RSS, Atom, RSS 1.0/RDF or JSON Feed)';

/** A JSON Feed (https://jsonfeed.org/version/1.1, and 1.0): `items[].url`, `title`, `date_published`. */
function parseJsonFeed(text: string, feedUrl: string): Feed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new IngestError(`${NOT_A_FEED}: not valid JSON (${(e as Error).message})`);
  }
  const root = doc as Node | null;
  if (!root || typeof root !== 'object' || typeof root.version !== 'string' || !root.version.startsWith('https://jsonfeed.org/version/'))
    throw new IngestError(`${NOT_A_FEED}: JSON without a jsonfeed.org version`);
  const items = Array.isArray(root.items) ? (root.items as unknown[]) : [];
  return {
    kind: 'json',
    title: text_(root.title),
    items: items.flatMap((raw) => {
      const item = (raw && typeof raw === 'object' ? raw : {}) as Node;
      const link = absolute(text_(item.url), feedUrl) ?? absolute(text_(item.external_url), feedUrl);
      return link ? [{ link, title: text_(item.title), published: time(item.date_published) ?? time(item.date_modified) }] : [];
    }),
  };
}

/** Parses a feed; throws an IngestError when it is none of the four formats. */
export function parseFeed(xml: string, feedUrl: string): Feed {
  const feed = /^\uFEFF?\s*\{/.test(xml) ? parseJsonFeed(xml, feedUrl) : parseXmlFeed(xml, feedUrl);
  // Newest first; items without a date keep their place after the dated ones.
  feed.items = feed.items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (b.item.published ?? -Infinity) - (a.item.published ?? -Infinity) || a.i - b.i)
    .map(({ item }) => item);
  return feed;
}

function parseXmlFeed(xml: string, feedUrl: string): Feed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new IngestError(`${NOT_A_FEED}: not XML (${valid.err.msg.replace(/\.$/, '')}, line ${valid.err.line})`);
  const doc = parser.parse(xml) as Node;
  let feed: Feed;
  if (doc.RDF && typeof doc.RDF === 'object') {
    // RSS 1.0: <rdf:RDF> holds <channel> and the <item>s side by side; dates are Dublin Core's <dc:date>.
    const root = doc.RDF as Node;
    const items = (root.item as Node[] | undefined) ?? [];
    feed = {
      kind: 'rdf',
      title: text((root.channel as Node | undefined)?.title),
      items: items.flatMap((item) => {
        const link = absolute(text(item.link), feedUrl) ?? absolute(text(item['@_about']), feedUrl);
        return link ? [{ link, title: text(item.title), published: time(item.date) }] : [];
      }),
    };
  } else if (doc.rss && typeof doc.rss === 'object') {
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
    throw new IngestError(`${NOT_A_FEED} (root element <${root}>)`);
  }
  return feed;
}
