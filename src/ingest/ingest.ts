// The ingestion pipeline: local files, web pages and feeds into corpus/<slug>.md, each item on its own:
// a failure is reported and the batch goes on; nothing already in the corpus is written twice.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../core/corpus.js';
import { canonicalUrl, contentHash } from './canonical.js';
import { IngestError, oneLine } from './errors.js';
import { FEED_TYPES, PAGE_TYPES, fetchText, type FetchLimits } from './fetch.js';
import { parseFeed } from './feed.js';
import { htmlToArticle, type ArticleDraft } from './html.js';
import { fileStorage, forgetOlderThan, type IngestState, type IngestStateStorage } from './state.js';
import { textToArticle } from './text.js';
import { writeArticle } from './write.js';

export interface IngestSettings {
  corpusDir: string;
  dataDir: string;
  limits: FetchLimits;
  /** A feed seen for the first time contributes only its N most recent items. */
  firstRunItems: number;
  /** Where feed state is kept; default: the JSON file in `dataDir`. */
  stateStorage?: IngestStateStorage;
  /** At most this many new items of one feed per run; the others are passed over, with a log line. */
  maxItemsPerRun: number;
  /** A feed's item link is remembered until the feed has not shown it for this many days. */
  seenRetentionDays: number;
  now?: () => Date;
  onEvent?: (event: IngestEvent) => void;
}

export type Outcome =
  | { status: 'added'; input: string; id: string; file: string; title: string }
  | { status: 'known'; input: string; id: string | null; reason: string }
  | { status: 'failed'; input: string; message: string };

export type IngestEvent =
  | { type: 'item'; outcome: Outcome; done: number; total: number; failed: number }
  | { type: 'feed'; url: string; message: string };

export interface IngestSummary {
  added: number;
  known: number;
  failed: number;
  outcomes: Outcome[];
}

/** Every corpus article's canonical url and body hash: what "already in the corpus" means. */
class CorpusIndex {
  readonly ids = new Set<string>();
  private byUrl = new Map<string, string>();
  private byHash = new Map<string, string>();

  async load(dir: string): Promise<void> {
    const { articles } = await loadCorpus(dir);
    for (const a of articles) this.add(a.id, a.url, a.body);
  }

  add(id: string, url: string | null, body: string): void {
    this.ids.add(id);
    const canonical = url && canonicalUrl(url);
    if (canonical) this.byUrl.set(canonical, id);
    this.byHash.set(contentHash(body), id);
  }

  findUrl(url: string | null): string | undefined {
    const canonical = url && canonicalUrl(url);
    return canonical ? this.byUrl.get(canonical) : undefined;
  }

  findBody(body: string): string | undefined {
    return this.byHash.get(contentHash(body));
  }
}

export class Ingester {
  private outcomes: Outcome[] = [];
  private total = 0;
  private constructor(
    private settings: IngestSettings,
    private index: CorpusIndex,
    private state: IngestState,
  ) {}

  static async open(settings: IngestSettings): Promise<Ingester> {
    const index = new CorpusIndex();
    await index.load(settings.corpusDir);
    const state = await (settings.stateStorage ?? fileStorage(settings.dataDir)).load((m) => settings.onEvent?.({ type: 'feed', url: settings.dataDir, message: m }));
    return new Ingester(settings, index, state);
  }

  /** Paths and page URLs, then feeds; returns the counts of this run. */
  async run(inputs: string[], feeds: string[] = []): Promise<IngestSummary> {
    this.total += inputs.length;
    for (const input of inputs) this.record(await this.ingestInput(input));
    for (const feed of feeds) await this.ingestFeed(feed);
    return this.summary();
  }

  summary(): IngestSummary {
    const count = (s: Outcome['status']) => this.outcomes.filter((o) => o.status === s).length;
    return { added: count('added'), known: count('known'), failed: count('failed'), outcomes: [...this.outcomes] };
  }

  private record(outcome: Outcome): Outcome {
    this.outcomes.push(outcome);
    const failed = this.outcomes.filter((o) => o.status === 'failed').length;
    this.settings.onEvent?.({ type: 'item', outcome, done: this.outcomes.length, total: Math.max(this.total, this.outcomes.length), failed });
    return outcome;
  }

  private now(): Date {
    return this.settings.now?.() ?? new Date();
  }

  async ingestInput(input: string): Promise<Outcome> {
    try {
      return /^https?:\/\//i.test(input) ? await this.ingestUrl(input) : await this.ingestFile(input);
    } catch (e) {
      return { status: 'failed', input, message: e instanceof IngestError ? e.message : oneLine(e) };
    }
  }

  private async ingestUrl(input: string): Promise<Outcome> {
    const requested = canonicalUrl(input);
    if (!requested) throw new IngestError('not an http(s) URL');
    const knownId = this.index.findUrl(requested);
    if (knownId) return { status: 'known', input, id: knownId, reason: 'same url' };
    const res = await fetchText(requested, { accept: PAGE_TYPES, acceptHeader: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5' }, this.settings.limits);
    if (res.status !== 'ok') throw new IngestError('unexpected 304 Not Modified');
    const draft =
      res.contentType === 'text/plain' || res.contentType === 'text/markdown'
        ? { ...textToArticle(res.text, { markdown: res.contentType === 'text/markdown' }), url: canonicalUrl(res.url) }
        : htmlToArticle(res.text, { pageUrl: res.url });
    return this.store(input, draft);
  }

  private async ingestFile(input: string): Promise<Outcome> {
    let size: number;
    try {
      const s = await stat(input);
      if (!s.isFile()) throw new IngestError('not a file');
      size = s.size;
    } catch (e) {
      if (e instanceof IngestError) throw e;
      throw new IngestError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (size > this.settings.limits.maxBytes) throw new IngestError(`too large: ${size} bytes (limit ${this.settings.limits.maxBytes})`);
    const text = await readFile(input, 'utf8');
    const ext = path.extname(input).toLowerCase();
    const draft =
      ext === '.html' || ext === '.htm' || ext === '.xhtml'
        ? htmlToArticle(text, { pageUrl: null })
        : textToArticle(text, { markdown: ext === '.md' || ext === '.markdown' });
    return this.store(input, draft);
  }

  /** Dedupe by canonical url then by body hash; else validate and write. */
  private async store(input: string, draft: ArticleDraft): Promise<Outcome> {
    const byUrl = this.index.findUrl(draft.url);
    if (byUrl) return { status: 'known', input, id: byUrl, reason: 'same url' };
    const byBody = this.index.findBody(draft.body);
    if (byBody) return { status: 'known', input, id: byBody, reason: 'same text' };
    const { article, file } = await writeArticle(draft, { dir: this.settings.corpusDir, takenIds: this.index.ids, now: this.now() });
    this.index.add(article.id, article.url, article.body);
    return { status: 'added', input, id: article.id, file, title: article.title };
  }

  /** One feed: conditional GET, then each new item's page. The feed itself failing is one failure. */
  async ingestFeed(feedUrl: string): Promise<void> {
    const say = (message: string) => this.settings.onEvent?.({ type: 'feed', url: feedUrl, message });
    const previous = this.state.feeds[feedUrl];
    this.total += 1;
    let items;
    let validators: { etag: string | null; lastModified: string | null };
    try {
      const res = await fetchText(
        feedUrl,
        {
          accept: FEED_TYPES,
          acceptHeader: 'application/rss+xml,application/atom+xml;q=0.9,application/feed+json;q=0.9,application/rdf+xml;q=0.8,application/xml;q=0.8,text/xml;q=0.8,application/json;q=0.5,*/*;q=0.1',
          etag: previous?.etag,
          lastModified: previous?.lastModified,
        },
        this.settings.limits,
      );
      if (res.status === 'not-modified') {
        this.total -= 1;
        say('not modified since the last fetch');
        if (previous) previous.lastFetched = this.now().toISOString();
        await this.saveState();
        return;
      }
      items = parseFeed(res.text, res.url).items;
      validators = { etag: res.etag, lastModified: res.lastModified };
    } catch (e) {
      this.record({ status: 'failed', input: feedUrl, message: `feed: ${e instanceof IngestError ? e.message : oneLine(e)}` });
      return;
    }
    this.total -= 1;
    const feed = previous ?? { etag: null, lastModified: null, lastFetched: null, seen: {} };
    const now = this.now().toISOString();
    const linkOf = (item: { link: string }) => canonicalUrl(item.link) ?? item.link;
    const fresh = items.filter((item) => !(linkOf(item) in feed.seen));
    // Every item the feed shows now is remembered as shown today: it is forgotten only once the
    // feed has stopped listing it for FEEDS_SEEN_DAYS.
    for (const item of items) if (linkOf(item) in feed.seen) feed.seen[linkOf(item)] = now;
    const cap = previous ? this.settings.maxItemsPerRun : Math.min(this.settings.firstRunItems, this.settings.maxItemsPerRun);
    const todo = fresh.slice(0, cap);
    // The older items beyond the cap are passed over for good: no flood on the next run either.
    for (const item of fresh.slice(cap)) feed.seen[linkOf(item)] = now;
    if (!previous && fresh.length > todo.length) say(`${items.length} items; first visit: only the ${todo.length} most recent`);
    else if (fresh.length > todo.length)
      say(`${items.length} items, ${fresh.length} new; ${fresh.length - todo.length} skipped, over the limit of ${cap} a run (FEEDS_MAX_ITEMS_PER_RUN)`);
    else say(`${items.length} items, ${fresh.length} new`);
    const cutoff = new Date(this.now().getTime() - this.settings.seenRetentionDays * 86_400_000).toISOString();
    forgetOlderThan(feed, cutoff);
    this.total += todo.length;
    let failures = 0;
    for (const item of todo) {
      const outcome = this.record(await this.ingestInput(item.link));
      if (outcome.status === 'failed') failures++;
      else feed.seen[linkOf(item)] = now;
    }
    // After a failed item, the old validators stay: the next run gets the feed again and retries it.
    if (!failures) Object.assign(feed, validators);
    feed.lastFetched = this.now().toISOString();
    this.state.feeds[feedUrl] = feed;
    await this.saveState();
  }

  private async saveState(): Promise<void> {
    try {
      await (this.settings.stateStorage ?? fileStorage(this.settings.dataDir)).save(this.state);
    } catch (e) {
      this.settings.onEvent?.({ type: 'feed', url: this.settings.dataDir, message: `warning: cannot save the ingest state: ${oneLine(e)}` });
    }
  }
}
