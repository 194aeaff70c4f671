// A loopback news site for the ingestion tests: article pages, an RSS and an Atom feed,
// a 12-item feed, and the failure cases (404, slow, huge, no article, not XML). It counts requests.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

export interface NewsSite {
  base: string;
  /** Requests per path (query string excluded). */
  hits: Map<string, number>;
  /** Headers of the last request per path. */
  lastHeaders: Map<string, IncomingHttpHeaders>;
  /** The ETag the Atom feed answers with; change it to "publish" a new version. */
  atomEtag: string;
  /** What /feeds/long.xml lists: items first..count (change it to "publish" or drop items). */
  long: { count: number; first: number };
  close(): Promise<void>;
}

const HTML = 'text/html; charset=utf-8';
const TOPICS = ['wind', 'solar', 'batteries', 'hydrogen', 'geothermal', 'nuclear', 'hydro', 'biogas', 'heat pumps', 'grids', 'tides', 'waves'];

/** Item n of the 12-item feed: its own facts, so that each page is a different article. */
export function generatedArticle(base: string, n: number): string {
  const topic = n <= TOPICS.length ? TOPICS[n - 1] : `${TOPICS[n % TOPICS.length]} (${n})`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Daily energy note ${n}: ${topic}</title>
<meta property="og:title" content="Energy note ${n}: the week in ${topic}"><meta property="og:site_name" content="Grid Weekly">
<meta property="article:published_time" content="2025-06-${String(n).padStart(2, '0')}T07:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/archive">Archive</a></nav><article><h1>Energy note ${n}: the week in ${topic}</h1>
<p>This week the note on ${topic} counts ${n * 37} new projects registered with the regulator, for a total capacity of ${n * 110} megawatts across the country.</p>
<p>Developers of ${topic} projects told the regulator that connection delays remain the main obstacle, with an average wait of ${n + 3} years before a project can export power.</p>
</article><footer>© 2025 Grid Weekly. All rights reserved.</footer></body></html>`;
}

/** 12 items, deliberately not in date order: the newest are 12, 11, 10, 9, 8. */
function bigFeed(base: string): string {
  const order = [3, 12, 1, 7, 10, 2, 11, 5, 9, 4, 8, 6];
  const items = order
    .map((n) => `<item><title>Energy note ${n}</title><link>${base}/gen/${n}.html</link><pubDate>${new Date(Date.UTC(2025, 5, n, 7)).toUTCString()}</pubDate></item>`)
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Grid Weekly</title><link>${base}/</link>${items}</channel></rss>`;
}

function mixedFeed(base: string): string {
  const links = ['/missing.html', '/slow.html', '/huge.html', '/no-article.html', '/en/news/northwind.html'];
  const items = links.map((l, i) => `<item><title>Item ${i}</title><link>${base}${l}</link><pubDate>${new Date(Date.UTC(2025, 6, 10 - i)).toUTCString()}</pubDate></item>`).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title><link>${base}/</link>${items}</channel></rss>`;
}

export async function startNewsSite(host = '127.0.0.1'): Promise<NewsSite> {
  const hits = new Map<string, number>();
  const lastHeaders = new Map<string, IncomingHttpHeaders>();
  const site = { hits, lastHeaders, atomEtag: '"atom-v1"', long: { count: 10, first: 1 } } as NewsSite;
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', site.base);
    const p = url.pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    lastHeaders.set(p, req.headers);
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    const page = (name: string, canonical = '') =>
      send(200, HTML, fixture(name).replaceAll('{{BASE}}', site.base).replace('{{CANONICAL}}', canonical));
    switch (p) {
      case '/fr/2025/07/aurore-calcul-lannion.html':
        return page('fr-article.html');
      case '/fr/2025/07/korrigan-ia.html':
        return page('fr-article-2.html');
      case '/en/news/tidal.html':
        return page('en-article.html', `<link rel="canonical" href="${site.base}/en/news/tidal.html">`);
      case '/mirror/tidal.html':
        return page('en-article.html');
      case '/en/news/northwind.html':
        return page('en-article-2.html');
      case '/no-article.html':
        return page('no-article.html');
      case '/go/northwind':
        res.writeHead(302, { location: '/en/news/northwind.html' });
        return res.end();
      case '/go/elsewhere': {
        // A redirect to wherever the test asks (`?to=`): another host, another port.
        res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
        return res.end();
      }
      case '/feeds/long.xml': {
        // Items site.long.first..count, item n published n minutes after 2025-01-01 (the last is the
        // newest); no ETag nor Last-Modified.
        const { count, first } = site.long;
        const items: string[] = [];
        for (let n = count; n >= first; n--)
          items.push(`<item><title>Note ${n}</title><link>${site.base}/gen/${n}.html</link><pubDate>${new Date(Date.UTC(2025, 0, 1) + n * 60_000).toUTCString()}</pubDate></item>`);
        return send(200, 'application/rss+xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>Long</title>${items.join('')}</channel></rss>`);
      }
      case '/feeds/pointing.xml': {
        // A feed whose publisher links its item wherever the test asks (`?to=`).
        const to = url.searchParams.get('to') ?? '/';
        return send(200, 'application/rss+xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>Pointing</title><item><title>Admin</title><link>${to.replaceAll('&', '&amp;')}</link></item></channel></rss>`);
      }
      case '/loop':
        res.writeHead(301, { location: '/loop' });
        return res.end();
      case '/photo.jpg':
        return send(200, 'image/jpeg', 'not really a jpeg');
      case '/slow.html': {
        const timer = setTimeout(() => page('en-article-2.html'), 5_000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case '/huge.html': {
        // 50 MB of markup, streamed without a Content-Length: the cap must hold while reading.
        res.writeHead(200, { 'content-type': HTML });
        const chunk = `<p>${'padding '.repeat(8000)}</p>\n`;
        let sent = 0;
        const pump = () => {
          while (sent < 50 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => (sent = Infinity));
        return pump();
      }
      case '/feeds/rss.xml':
        return send(200, 'application/rss+xml; charset=utf-8', fixture('rss.xml').replaceAll('{{BASE}}', site.base));
      case '/feeds/atom.xml':
        if (req.headers['if-none-match'] === site.atomEtag) {
          res.writeHead(304, { etag: site.atomEtag });
          return res.end();
        }
        return send(200, 'application/atom+xml; charset=utf-8', fixture('atom.xml').replaceAll('{{BASE}}', site.base), { etag: site.atomEtag });
      case '/feeds/rdf.xml':
        return send(200, 'application/rdf+xml; charset=utf-8', fixture('rdf.xml').replaceAll('{{BASE}}', site.base));
      case '/feeds/feed.json':
        return send(200, 'application/feed+json', fixture('feed.json').replaceAll('{{BASE}}', site.base));
      case '/feeds/big.xml':
        return send(200, 'application/rss+xml', bigFeed(site.base));
      case '/feeds/mixed.xml':
        return send(200, 'application/rss+xml', mixedFeed(site.base));
      case '/feeds/broken.xml':
        return send(200, HTML, fixture('broken-feed.html'));
      default: {
        const gen = /^\/gen\/(\d+)\.html$/.exec(p);
        if (gen) return send(200, HTML, generatedArticle(site.base, Number(gen[1])));
        return send(404, HTML, '<!DOCTYPE html><html><body><h1>Page introuvable</h1></body></html>');
      }
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  site.base = `http://${host}:${(server.address() as AddressInfo).port}`;
  site.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return site;
}
