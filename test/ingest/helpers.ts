// Temp corpus and data folders, and an Ingester over them with test limits.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ingester, type IngestEvent, type IngestSettings } from '../../src/ingest/ingest.js';
import { parseArticle } from '../../src/core/corpus.js';

export interface Sandbox {
  corpus: string;
  data: string;
  events: IngestEvent[];
  /** Loopback servers are reached with `network: allowPrivate` unless a test says otherwise. */
  ingester(overrides?: Partial<IngestSettings['limits']> & { firstRunItems?: number; maxItemsPerRun?: number; now?: () => Date }): Promise<Ingester>;
  /** The corpus files, parsed (parseArticle throws on an invalid one). */
  articles(): Promise<ReturnType<typeof parseArticle>[]>;
  /** File name → raw content, to show that nothing changed. */
  snapshot(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const root = await mkdtemp(path.join(tmpdir(), 'veille-ingest-'));
  const corpus = path.join(root, 'corpus');
  const data = path.join(root, 'data');
  await import('node:fs/promises').then((fs) => fs.mkdir(corpus));
  const events: IngestEvent[] = [];
  const snapshot = async () => {
    const out: Record<string, string> = {};
    for (const name of (await readdir(corpus)).sort()) out[name] = await readFile(path.join(corpus, name), 'utf8');
    return out;
  };
  return {
    corpus,
    data,
    events,
    ingester: ({ firstRunItems = 5, maxItemsPerRun = 20, now = () => new Date('2025-07-18T09:00:00Z'), ...limits } = {}) =>
      Ingester.open({
        corpusDir: corpus,
        dataDir: data,
        firstRunItems,
        maxItemsPerRun,
        seenRetentionDays: 90,
        limits: {
          timeoutMs: 5_000,
          maxBytes: 2 * 1024 * 1024,
          maxRedirects: 3,
          userAgent: 'veille/test (+https://example.org/veille)',
          network: { allowPrivate: true, allowHosts: [] },
          ...limits,
        },
        now,
        onEvent: (e) => events.push(e),
      }),
    articles: async () => Object.entries(await snapshot()).map(([name, text]) => parseArticle(name, text)),
    snapshot,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** Whitespace-insensitive containment. */
export const squash = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
