// `veille ingest` on pages, files and feeds from a loopback news site: what lands in the corpus.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startNewsSite, fixtures, type NewsSite } from './server.js';
import { sandbox, squash, type Sandbox } from './helpers.js';
import { mkdtemp, writeFile as writeText } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { slugify } from '../../src/ingest/write.js';
import { readFileSync } from 'node:fs';
import { parseFeed } from '../../src/ingest/feed.js';
import { detectLang } from '../../src/ingest/lang.js';
import { terms } from '../../src/core/analysis/analyze.js';
import { Engine } from '../../src/core/engine.js';

let site: NewsSite;
let box: Sandbox;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(() => site.close());
beforeEach(async () => {
  box = await sandbox();
});
afterEach(() => box.cleanup());

const messages = (s: Sandbox) =>
  s.events.map((e) => (e.type === 'feed' ? e.message : e.outcome.status === 'failed' ? e.outcome.message : e.outcome.status));

describe('a web page', () => {
  it('becomes corpus/<slug>.md with its metadata, the article verbatim and no boilerplate', async () => {
    const ing = await box.ingester();
    const summary = await ing.run([`${site.base}/fr/2025/07/aurore-calcul-lannion.html?utm_source=newsletter&utm_medium=email#haut`]);
    expect(summary).toMatchObject({ added: 1, known: 0, failed: 0 });
    const files = Object.keys(await box.snapshot());
    expect(files).toEqual(['aurore-calcul-inaugure-un-centre-de-donnees-de-120-megawatts-a-lannion.md']);
    const [a] = await box.articles();
    expect(a).toMatchObject({
      id: 'aurore-calcul-inaugure-un-centre-de-donnees-de-120-megawatts-a-lannion',
      title: 'Aurore Calcul inaugure un centre de données de 120 mégawatts à Lannion',
      source: "L'Écho du Numérique",
      url: `${site.base}/fr/2025/07/aurore-calcul-lannion.html`,
      date: '2025-07-16',
      lang: 'fr',
      added: '2025-07-18T09:00:00Z',
    });
    // Sentences kept verbatim, in the corpus's shape.
    expect(a.body).toContain(
      "L'opérateur breton Aurore Calcul a inauguré mardi à Lannion (Côtes-d'Armor) un centre de données d'une puissance de 120 mégawatts, le plus grand jamais construit dans l'ouest de la France.",
    );
    expect(a.body).toContain('« Nous voulions démontrer qu\'un centre de données peut être un voisin utile », a déclaré Anne Le Guen');
    expect(a.body).toContain('\n\n## Une chaleur récupérée pour 4 000 logements\n\n');
    expect(a.body).toContain('\n\n- Une deuxième tranche de 80 mégawatts à partir de 2027.\n\n');
    expect(a.body).toMatch(/devra être suivie de près par la préfecture\.$/);
    // The page's furniture is gone.
    for (const junk of ['A VOIR AUSSI', 'Lire aussi', 'cookies', 'Tout accepter', 'Accueil', 'Claire Morvan', 'Publié le', 'Partager', 'Facebook', 'Sur le même sujet', 'Nantes', 'Laisser un commentaire', '©', 'Tous droits réservés', 'Mentions légales', 'juillet 16, 2025'])
      expect(a.body).not.toContain(junk);
  });

  it('takes an English page with JSON-LD in a @graph, and a redirect', async () => {
    const ing = await box.ingester();
    await ing.run([`${site.base}/en/news/tidal.html`, `${site.base}/go/northwind`]);
    const [northwind, tidal] = await box.articles();
    expect(tidal).toMatchObject({ title: 'Tidewater Compute opens a tidal-powered data centre in Orkney', source: 'Northern Tech Review', date: '2025-07-15', lang: 'en' });
    expect(tidal.body).toContain('The company said the project cost £310 million and is the first of its kind in Europe.');
    for (const junk of ['You may also like', 'Wave energy', 'Advertisement', 'Read more', 'By Fiona', 'Leave a Comment', 'Copyright', 'We use cookies', 'Share this'])
      expect(tidal.body).not.toContain(junk);
    expect(northwind).toMatchObject({ title: 'Northwind Labs releases an open model for Welsh and Breton', url: `${site.base}/en/news/northwind.html`, date: '2025-07-17', lang: 'en' });
    expect(northwind.body).not.toMatch(/by Tom Harris|Related stories|Small languages/);
  });

  it('sends a polite User-Agent', async () => {
    await (await box.ingester()).run([`${site.base}/en/news/northwind.html`]);
    expect(site.lastHeaders.get('/en/news/northwind.html')?.['user-agent']).toBe('veille/test (+https://example.org/veille)');
  });
});

describe('a local file', () => {
  it('.txt: title from the first line, boilerplate removed, no invented date or publisher', async () => {
    await (await box.ingester()).run([path.join(fixtures, 'local-article.txt')]);
    const [a] = await box.articles();
    expect(a).toMatchObject({ title: 'Le port de Brest accueille son premier navire à hydrogène', source: null, url: null, date: null, lang: 'fr' });
    expect(a.body).toContain("Le port de Brest a accueilli lundi le Penn ar Bed H2, premier navire de transport de passagers à hydrogène immatriculé en France.");
    expect(a.body).toContain("Les travaux de la station d'avitaillement, installée sur le quai Malbert, ont coûté 6,5 millions d'euros");
    for (const junk of ['Accueil', 'spot_img', 'juillet 15', 'Gwenaëlle', 'A VOIR AUSSI', 'Ouessant', 'You may also like', 'Leave a Comment', 'Droits'])
      expect(a.body).not.toContain(junk);
  });

  it('.md: title from the heading, wrapped lines joined, lists kept, lang detected', async () => {
    await (await box.ingester()).run([path.join(fixtures, 'local-article.md')]);
    const [a] = await box.articles();
    expect(a).toMatchObject({ id: 'tidal-power-now-covers-a-third-of-orkneys-winter-demand', title: "Tidal power now covers a third of Orkney's winter demand", source: null, date: null, lang: 'en' });
    expect(a.body).toContain("Tidal turbines in the Fall of Warness now cover about a third of Orkney's electricity demand on winter days");
    expect(a.body).toContain('## What comes next\n\n- A second array of four turbines is planned for 2027.\n\n- The undersea cable');
  });

  it('.html: metadata from the page itself', async () => {
    await (await box.ingester()).run([path.join(fixtures, 'fr-article-2.html')]);
    const [a] = await box.articles();
    expect(a).toMatchObject({ title: "La start-up rennaise Korrigan IA lève 18 millions d'euros", source: "L'Écho du Numérique", url: null, date: '2025-07-14', lang: 'fr' });
    expect(a.body).not.toMatch(/A VOIR AUSSI|Plus de lecture|Quimper|Droits|Yann Quéré/);
  });
});

describe('dedupe', () => {
  it('the same article again is "already in the corpus" and changes nothing', async () => {
    await (await box.ingester()).run([`${site.base}/en/news/tidal.html`]);
    const before = await box.snapshot();
    const again = await box.ingester();
    const summary = await again.run([`${site.base}/en/news/tidal.html?utm_campaign=x&utm_source=y#comments`, `${site.base}/mirror/tidal.html`]);
    expect(summary).toMatchObject({ added: 0, known: 2, failed: 0 });
    expect(summary.outcomes.map((o) => o.status === 'known' && o.reason)).toEqual(['same url', 'same text']);
    expect(await box.snapshot()).toEqual(before);
  });

  it('the same article in the RSS and the Atom feed (one link utm-tagged) is one file', async () => {
    const ing = await box.ingester();
    const summary = await ing.run([], [`${site.base}/feeds/rss.xml`, `${site.base}/feeds/atom.xml`]);
    expect(summary).toMatchObject({ added: 4, known: 1, failed: 0 });
    const articles = await box.articles();
    expect(articles.map((a) => a.title).sort()).toEqual([
      'Aurore Calcul inaugure un centre de données de 120 mégawatts à Lannion',
      "La start-up rennaise Korrigan IA lève 18 millions d'euros",
      'Northwind Labs releases an open model for Welsh and Breton',
      'Tidewater Compute opens a tidal-powered data centre in Orkney',
    ]);
    expect(articles.find((a) => a.title.startsWith('Tidewater'))!.url).toBe(`${site.base}/en/news/tidal.html`);
    expect(articles.every((a) => !a.url || !a.url.includes('utm_'))).toBe(true);
  });
});

describe('feeds', () => {
  it('RSS 1.0 (RDF) and JSON Feed bring their items, newest first, deduplicated against RSS 2.0', async () => {
    const summary = await (await box.ingester()).run([], [`${site.base}/feeds/rdf.xml`, `${site.base}/feeds/feed.json`]);
    expect(summary).toMatchObject({ added: 4, failed: 0 });
    const titles = (await box.articles()).map((a) => a.title).sort();
    expect(titles).toEqual([
      'Aurore Calcul inaugure un centre de données de 120 mégawatts à Lannion',
      "La start-up rennaise Korrigan IA lève 18 millions d'euros",
      'Northwind Labs releases an open model for Welsh and Breton',
      'Tidewater Compute opens a tidal-powered data centre in Orkney',
    ]);
    // The same articles through RSS 2.0 afterwards: already in the corpus.
    const again = await (await box.ingester()).run([], [`${site.base}/feeds/rss.xml`]);
    expect(again).toMatchObject({ added: 0, known: 3 });
  });

  it('parses the four formats to the same items: links made absolute, newest first, linkless items dropped', () => {
    const base = 'https://news.example';
    const read = (name: string) => readFileSync(path.join(fixtures, name), 'utf8').replaceAll('{{BASE}}', base);
    expect(parseFeed(read('rdf.xml'), `${base}/feeds/rdf.xml`)).toEqual({
      kind: 'rdf',
      title: "L'Écho du Numérique – RSS 1.0",
      items: [
        { link: `${base}/fr/2025/07/aurore-calcul-lannion.html`, title: 'Aurore Calcul inaugure un centre de données de 120 mégawatts à Lannion', published: Date.parse('2025-07-16T06:30:00Z') },
        { link: `${base}/fr/2025/07/korrigan-ia.html`, title: "La start-up rennaise Korrigan IA lève 18 millions d'euros", published: Date.parse('2025-07-14T15:45:00Z') },
      ],
    });
    const json = parseFeed(read('feed.json'), `${base}/feeds/feed.json`);
    expect(json.kind).toBe('json');
    expect(json.items.map((i) => i.link)).toEqual([`${base}/en/news/tidal.html`, `${base}/en/news/northwind.html`]);
    expect(() => parseFeed('{"title": "not a feed"}', base)).toThrow(/JSON without a jsonfeed\.org version/);
    expect(() => parseFeed('{"version": ', base)).toThrow(/not valid JSON/);
  });

  it('conditional GET: a 304 means nothing is fetched again', async () => {
    await (await box.ingester()).run([], [`${site.base}/feeds/atom.xml`]);
    expect(site.hits.get('/en/news/northwind.html')).toBeGreaterThan(0);
    const pagesBefore = site.hits.get('/en/news/northwind.html');
    const feedBefore = site.hits.get('/feeds/atom.xml')!;
    const state = JSON.parse(await readFile(path.join(box.data, 'ingest-state.json'), 'utf8'));
    expect(state.feeds[`${site.base}/feeds/atom.xml`].etag).toBe('"atom-v1"');

    box.events.length = 0;
    const second = await (await box.ingester()).run([], [`${site.base}/feeds/atom.xml`]);
    expect(site.hits.get('/feeds/atom.xml')).toBe(feedBefore + 1);
    expect(site.lastHeaders.get('/feeds/atom.xml')?.['if-none-match']).toBe('"atom-v1"');
    expect(second).toMatchObject({ added: 0, known: 0, failed: 0 });
    expect(messages(box)).toEqual(['not modified since the last fetch']);
    expect(site.hits.get('/en/news/northwind.html')).toBe(pagesBefore);
  });

  it('a feed seen for the first time gives only its 5 most recent items, and no flood later either', async () => {
    const summary = await (await box.ingester()).run([], [`${site.base}/feeds/big.xml`]);
    expect(summary).toMatchObject({ added: 5, failed: 0 });
    expect((await box.articles()).map((a) => a.date).sort()).toEqual(['2025-06-08', '2025-06-09', '2025-06-10', '2025-06-11', '2025-06-12']);
    expect(messages(box)[0]).toBe('12 items; first visit: only the 5 most recent');
    const later = await (await box.ingester()).run([], [`${site.base}/feeds/big.xml`]);
    expect(later).toMatchObject({ added: 0, failed: 0 });
    expect(site.hits.get('/gen/1.html')).toBeUndefined();
  });

  it('a 10,000-item feed with no validators: the second run fetches nothing; a burst adds at most the per-run cap', async () => {
    const feed = (q: string) => {
      site.long = { count: Number(/count=(\d+)/.exec(q)![1]), first: 1 };
      return `${site.base}/feeds/long.xml`;
    };
    const pages = () => [...site.hits].filter(([p]) => p.startsWith('/gen/')).reduce((n, [, c]) => n + c, 0);
    const before = pages();
    expect(await (await box.ingester()).run([], [feed('count=10000')])).toMatchObject({ added: 5, failed: 0 });
    expect(pages() - before).toBe(5);
    // Unchanged feed, no ETag or Last-Modified: the feed is read again, no page is.
    expect(await (await box.ingester()).run([], [feed('count=10000')])).toMatchObject({ added: 0, known: 0, failed: 0 });
    expect(pages() - before).toBe(5);
    // 30 new items at once: the 20 newest are taken, the rest passed over with a line saying so.
    box.events.length = 0;
    expect(await (await box.ingester()).run([], [feed('count=10030')])).toMatchObject({ added: 20, failed: 0 });
    expect(messages(box)[0]).toBe('10030 items, 30 new; 10 skipped, over the limit of 20 a run (FEEDS_MAX_ITEMS_PER_RUN)');
    expect(pages() - before).toBe(25);
    expect(await (await box.ingester()).run([], [feed('count=10030')])).toMatchObject({ added: 0 });
    expect(pages() - before).toBe(25);
  });

  it('remembers an item while its feed shows it, and forgets it once the feed stopped showing it for FEEDS_SEEN_DAYS', async () => {
    const url = (first: number) => {
      site.long = { count: 2000, first };
      return `${site.base}/feeds/long.xml`;
    };
    const at = (iso: string) => () => new Date(iso);
    await (await box.ingester({ now: at('2025-01-01T00:00:00Z') })).run([], [url(1)]);
    const seen = async () => JSON.parse(await readFile(path.join(box.data, 'ingest-state.json'), 'utf8')).feeds[url(1)]?.seen ?? {};
    expect(Object.keys(await seen())).toHaveLength(2000);
    // 100 days on, the feed still lists them all: all kept (age alone does not forget an item still shown).
    await (await box.ingester({ now: at('2025-04-11T00:00:00Z') })).run([], [url(1)]);
    expect(Object.keys(await seen())).toHaveLength(2000);
    // Then items 1..1000 drop off the feed: kept 81 days later, forgotten 95 days later; the others kept.
    await (await box.ingester({ now: at('2025-07-01T00:00:00Z') })).run([], [url(1001)]);
    expect(Object.keys(await seen())).toHaveLength(2000);
    await (await box.ingester({ now: at('2025-07-15T00:00:00Z') })).run([], [url(1001)]);
    const s = await seen();
    expect(Object.keys(s)).toHaveLength(1000);
    expect(s[`${site.base}/gen/1000.html`]).toBeUndefined();
    expect(s[`${site.base}/gen/1500.html`]).toBe('2025-07-15T00:00:00.000Z');
  });

  it('reads the state of the previous version (a bare list of links) without refetching them', async () => {
    site.long = { count: 30, first: 1 };
    const feedUrl = `${site.base}/feeds/long.xml`;
    const links = Array.from({ length: 30 }, (_, i) => `${site.base}/gen/${i + 1}.html`);
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(box.data, { recursive: true });
    const v1 = { version: 1, feeds: { [feedUrl]: { etag: null, lastModified: null, lastFetched: '2025-07-17T00:00:00Z', seen: links } } };
    await writeFile(path.join(box.data, 'ingest-state.json'), JSON.stringify(v1));
    expect(await (await box.ingester()).run([], [feedUrl])).toMatchObject({ added: 0, known: 0, failed: 0 });
    const state = JSON.parse(await readFile(path.join(box.data, 'ingest-state.json'), 'utf8'));
    expect(state.version).toBe(2);
    expect(Object.keys(state.feeds[feedUrl].seen)).toHaveLength(30);
  });

  it('the number of first-run items is configurable', async () => {
    expect(await (await box.ingester({ firstRunItems: 2 })).run([], [`${site.base}/feeds/big.xml`])).toMatchObject({ added: 2 });
  });
});

describe('failures are per item, with one clear line, and leave the corpus untouched', () => {
  const cases: [string, string, Record<string, number>, RegExp][] = [
    ['a 404', '/missing.html', {}, /^HTTP 404 Not Found$/],
    ['a timeout', '/slow.html', { timeoutMs: 300 }, /^timed out after 300 ms$/],
    ['an oversized body', '/huge.html', { maxBytes: 64 * 1024 }, /^too large: more than 64 KB \(limit\)$/],
    ['a page with no article', '/no-article.html', {}, /^no article found on the page$/],
    ['a redirect loop', '/loop', {}, /^too many redirects \(more than 3\)$/],
    ['not a web page', '/photo.jpg', {}, /^unexpected content type image\/jpeg/],
  ];
  for (const [name, p, limits, message] of cases)
    it(name, async () => {
      const summary = await (await box.ingester(limits)).run([`${site.base}${p}`]);
      expect(summary).toMatchObject({ added: 0, known: 0, failed: 1 });
      const outcome = summary.outcomes[0];
      expect(outcome.status === 'failed' && outcome.message).toMatch(message);
      expect(await box.snapshot()).toEqual({});
    });

  it('a feed that is not XML', async () => {
    const summary = await (await box.ingester()).run([], [`${site.base}/feeds/broken.xml`]);
    expect(summary).toMatchObject({ added: 0, failed: 1 });
    const outcome = summary.outcomes[0];
    expect(outcome.status === 'failed' && outcome.message).toMatch(/^feed: not a feed \(RSS, Atom, RSS 1\.0\/RDF or JSON Feed\): not XML/);
    expect(await box.snapshot()).toEqual({});
  });

  it('a missing local file', async () => {
    const summary = await (await box.ingester()).run(['/nonexistent/article.txt']);
    expect(summary.outcomes[0]).toMatchObject({ status: 'failed', message: 'cannot read the file (ENOENT)' });
  });

  it('the batch goes on: a feed with four bad items and a good one', async () => {
    const summary = await (await box.ingester({ timeoutMs: 500, maxBytes: 256 * 1024 })).run([], [`${site.base}/feeds/mixed.xml`]);
    expect(summary).toMatchObject({ added: 1, failed: 4 });
    expect((await box.articles()).map((a) => a.title)).toEqual(['Northwind Labs releases an open model for Welsh and Breton']);
    const items = box.events.filter((e) => e.type === 'item');
    expect(items.map((e) => e.type === 'item' && `${e.done}/${e.total} ${e.failed}`)).toEqual(['1/5 1', '2/5 2', '3/5 3', '4/5 4', '5/5 4']);
  });

  it('failed items are retried on the next run (the feed validators are not saved)', async () => {
    await (await box.ingester({ timeoutMs: 500, maxBytes: 256 * 1024 })).run([], [`${site.base}/feeds/mixed.xml`]);
    const hits = site.hits.get('/missing.html')!;
    const again = await (await box.ingester({ timeoutMs: 500, maxBytes: 256 * 1024 })).run([], [`${site.base}/feeds/mixed.xml`]);
    expect(again).toMatchObject({ added: 0, failed: 4 });
    expect(site.hits.get('/missing.html')).toBe(hits + 1);
  });
});

describe('slugs and languages', () => {
  it('slugs transliterate (ligatures, ß, Greek, Cyrillic); a title with nothing left gets a hash of its own', () => {
    expect(slugify('« Le cœur de l’Œuvre: Straße & Ærø »')).toBe('le-coeur-de-l-oeuvre-strasse-aero');
    expect(slugify('Η Meta επενδύει δισεκατομμύρια')).toBe('i-meta-ependyei-disekatommyria');
    expect(slugify('Мета инвестирует миллиарды')).toBe('meta-investiruet-milliardy');
    const japanese = slugify('メタが数十億ドルを投資');
    expect(japanese).toMatch(/^article-[0-9a-f]{8}$/);
    expect(slugify('メタの新しいデータセンター')).not.toBe(japanese);
    expect(slugify('メタが数十億ドルを投資')).toBe(japanese); // stable: the same title, the same base
    // Long titles stop at a word boundary by 70 characters.
    const long = slugify('Zuckerberg annonce « Hyperion », un centre de données de 5 GW en Louisiane, et bien plus encore');
    expect(long.length).toBeLessThanOrEqual(70);
    expect('zuckerberg-annonce-hyperion-un-centre-de-donnees-de-5-gw-en-louisiane-et-bien-plus-encore'.startsWith(`${long}-`)).toBe(true);
  });

  const german =
    'Meta investiert Milliarden in neue Rechenzentren\n\n' +
    'Der Konzern von Mark Zuckerberg will in den kommenden Jahren Hunderte Milliarden Dollar in Rechenzentren für künstliche Intelligenz investieren. ' +
    'Das erste Rechenzentrum, Prometheus, soll im Jahr 2026 den Betrieb aufnehmen, ein zweites, Hyperion, wird über die Jahre auf fünf Gigawatt wachsen. ' +
    'Die Anlagen entstehen in Ohio und Louisiana und gehören zu den größten Projekten, die ein Technologieunternehmen je angekündigt hat.\n';

  it('detects languages other than French and English and marks them as such', () => {
    expect(detectLang(german.replace(/\n/g, ' '))).toBe('de');
    expect(detectLang('Meta invierte cientos de miles de millones de dólares en centros de datos de inteligencia artificial en Estados Unidos.')).toBe('es');
    expect(detectLang('Mark Zuckerberg, le PDG de Meta, a récemment annoncé un projet ambitieux de centres de données.')).toBe('fr');
    expect(detectLang('Meta is investing hundreds of billions of dollars in AI data centers across the United States.')).toBe('en');
    expect(detectLang('ok', 'fr')).toBe('fr'); // too short to tell: the fallback
  });

  it('a German article is ingested as de and indexed without French or English stemming', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'veille-de-'));
    const file = path.join(dir, 'rechenzentren.txt');
    await writeText(file, german);
    const summary = await (await box.ingester()).run([file]);
    expect(summary).toMatchObject({ added: 1, failed: 0 });
    const [a] = await box.articles();
    expect(a).toMatchObject({ id: 'meta-investiert-milliarden-in-neue-rechenzentren', lang: 'de' });
    // Words are folded, not cut by a stemmer made for another language.
    expect(terms('Hunderte Jahres größte Konzerns', 'de')).toEqual(['hunderte', 'jahres', 'grosste', 'konzerns']);
    for (const stemmed of ['fr', 'en'] as const) expect(terms('Hunderte Jahres größte Konzerns', stemmed)).toEqual(expect.arrayContaining(['hundert', 'jahr', 'konzern']));
    const engine = await Engine.fromDirectory(box.corpus);
    expect(engine.articles().map((r) => r.id)).toEqual(['meta-investiert-milliarden-in-neue-rechenzentren']);
  });
});

describe('corpus files', () => {
  it('slugs are unique: -2 on a collision', async () => {
    const { writeFile } = await import('node:fs/promises');
    const taken = (await readFile(path.join(fixtures, '../../../corpus/meta-investit-ia-france-usa.md'), 'utf8')).replace(
      'id: "meta-investit-ia-france-usa"',
      'id: "northwind-labs-releases-an-open-model-for-welsh-and-breton"',
    );
    await writeFile(path.join(box.corpus, 'northwind-labs-releases-an-open-model-for-welsh-and-breton.md'), taken);
    await (await box.ingester()).run([`${site.base}/en/news/northwind.html`]);
    expect(Object.keys(await box.snapshot())).toEqual([
      'northwind-labs-releases-an-open-model-for-welsh-and-breton-2.md',
      'northwind-labs-releases-an-open-model-for-welsh-and-breton.md',
    ]);
    expect((await box.articles())[0].id).toBe('northwind-labs-releases-an-open-model-for-welsh-and-breton-2');
  });

  it('no temporary file is left behind', async () => {
    await (await box.ingester()).run([], [`${site.base}/feeds/rss.xml`]);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(box.corpus)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await readdir(box.data)).toEqual(['ingest-state.json']);
    expect(squash((await box.articles()).map((a) => a.body).join(' '))).toContain('18 millions d\'euros');
  });
});
