// Shared by the digest tests: a real SQLite store in a temp dir, articles added on given days,
// and a delivery that records what it posted and when.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Article } from '../../src/core/article.js';
import type { Digest } from '../../src/core/types.js';
import type { DigestDelivery, PostOptions } from '../../src/digest/runner.js';
import { SqliteDigestStore } from '../../src/digest/store.js';
import { sqliteStateStore } from '../../src/state/sqlite.js';
import type { StateStore } from '../../src/state/store.js';

/** `store` to look into the file directly, `state` (the same store) for the runner. */
export function tempStore(): { store: SqliteDigestStore; state: StateStore; dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'veille-digest-'));
  const store = SqliteDigestStore.open(dir);
  const file = path.join(dir, 'veille.sqlite');
  return { store, state: sqliteStateStore(store), dir, file, cleanup: () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** An article added at `added` (ISO), with a figure and a name to highlight. */
export function article(id: string, added: string, extra = ''): Article {
  return {
    id,
    title: `Article ${id}`,
    source: 'Le Test',
    url: `https://example.com/${id}`,
    date: added.slice(0, 10),
    lang: 'fr',
    added,
    body:
      `Le groupe Meta va investir 65 milliards de dollars dans ses centres de données en Louisiane, selon Mark Zuckerberg. ${extra}\n\n` +
      'Le projet Hyperion atteindra une puissance de 5 gigawatts d’ici 2030.\n\nLe reste est sans intérêt particulier pour ce test.',
  };
}

export interface Post {
  channel: string;
  /** When it was posted (the fake clock's ISO time). */
  at: string;
  digest: Digest;
}

/** A delivery that records each post; `fail` makes the next posts throw. */
export function recordingDelivery(platform = 'test'): DigestDelivery & { posts: Post[]; fail: number } {
  const d = {
    platform,
    posts: [] as Post[],
    fail: 0,
    async post(channel: string, digest: Digest, options: PostOptions = {}) {
      if (d.fail > 0) {
        d.fail--;
        throw Object.assign(new Error('Internal Server Error'), { status: 500 });
      }
      const id = `m${d.posts.length + 1}`;
      d.posts.push({ channel, at: new Date().toISOString(), digest });
      await options.sent?.(id);
      return [id];
    },
  };
  return d;
}

/** `09:00` for the time of `iso` in `timeZone`. */
export function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** A fixed-offset zone where it is now between 01:00 and 23:00, so that a 00:00 digest is due today. */
export function zoneWhereTheDayHasBegun(now = new Date()): string {
  for (let h = -12; h <= 12; h++) {
    const zone = h === 0 ? 'UTC' : `Etc/GMT${h > 0 ? '+' : '-'}${Math.abs(h)}`;
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));
    if (hour >= 1 && hour <= 22) return zone;
  }
  throw new Error('no zone where the day has begun');
}

/** A digest of `count` articles, the same for the same window (the crash tests' engine). */
export function crashDigest(since: Date, until: Date, count: number): Digest {
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    day: until.toISOString().slice(0, 10),
    timeZone: 'UTC',
    count,
    title: `Digest for ${until.toISOString().slice(0, 10)} · ${count} new articles`,
    articles: Array.from({ length: count }, (_, i) => ({
      article: { id: `a${i}`, title: `Article ${i}`, source: 'Le Test', date: null, url: `https://example.com/a${i}` },
      added: since.toISOString(),
      highlights: [`Le projet ${i} atteindra une puissance de ${i + 1} gigawatts.`],
      topics: ['Meta'],
    })),
  };
}
