// What ingestion remembers between runs (DATA_DIR/ingest-state.json): per feed, the validators
// for conditional GET and the item links already handled, each with the last time the feed showed
// it. Written atomically. A link is forgotten only once the feed has stopped showing it for
// `retentionDays`: bounded by age, never by count, so a long feed never looks new again.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic.js';

const feedStateSchema = z.object({
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
  lastFetched: z.string().nullable().default(null),
  /**
   * Canonical links of the items already handled (ingested, known, or passed over) → when the
   * feed last showed them (ISO). Version 1 kept a bare list: read as shown when last fetched.
   */
  seen: z.record(z.string(), z.string()).default({}),
});

const legacyFeedSchema = feedStateSchema.extend({ seen: z.array(z.string()).default([]) });

const stateSchema = z.object({
  version: z.literal(2).default(2),
  feeds: z.record(z.string(), feedStateSchema).default({}),
});

const legacyStateSchema = z
  .object({ version: z.literal(1), feeds: z.record(z.string(), legacyFeedSchema).default({}) })
  .transform((old) => ({
    version: 2 as const,
    feeds: Object.fromEntries(
      Object.entries(old.feeds).map(([url, f]) => {
        const at = f.lastFetched ?? new Date().toISOString();
        return [url, { ...f, seen: Object.fromEntries(f.seen.map((link) => [link, at])) }];
      }),
    ),
  }));

export type FeedState = z.infer<typeof feedStateSchema>;
export type IngestState = z.infer<typeof stateSchema>;

export const stateFile = (dataDir: string) => path.join(dataDir, 'ingest-state.json');

/** Where the state is kept: the JSON file in DATA_DIR, or a document in the shared database. */
export interface IngestStateStorage {
  load(warn?: (m: string) => void): Promise<IngestState>;
  save(state: IngestState): Promise<void>;
}

/** A stored JSON document (the PostgreSQL state store's): read (null when there is none yet) and written whole. */
export interface StateDocument {
  read(): Promise<unknown | null>;
  write(value: unknown): Promise<void>;
}

export const fileStorage = (dataDir: string): IngestStateStorage => ({
  load: (warn) => loadState(dataDir, warn),
  save: (state) => saveState(dataDir, state),
});

/** The state as a document; an invalid one is an empty state, as an invalid file is. */
export function documentStorage(doc: StateDocument, name = 'the stored ingest state'): IngestStateStorage {
  return {
    async load(warn) {
      const value = await doc.read();
      if (value === null) return stateSchema.parse({});
      try {
        return parseState(value);
      } catch (e) {
        warn?.(`warning: ${name} is not valid (${(e as Error).message.split('\n')[0]}); starting afresh`);
        return stateSchema.parse({});
      }
    },
    save: (state) => doc.write(state),
  };
}

/** The state of this version, or of version 1 (a bare list of links per feed), read as this one. */
function parseState(json: unknown): IngestState {
  return (json as { version?: unknown })?.version === 1 ? legacyStateSchema.parse(json) : stateSchema.parse(json);
}

/** The saved state; an absent or unreadable file is an empty state (the worst case is a refetch). */
export async function loadState(dataDir: string, warn?: (m: string) => void): Promise<IngestState> {
  const file = stateFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return stateSchema.parse({});
  }
  try {
    return parseState(JSON.parse(text));
  } catch (e) {
    warn?.(`warning: ${file} is not a valid state file (${(e as Error).message.split('\n')[0]}); starting afresh`);
    return stateSchema.parse({});
  }
}

/** Forgets the links a feed has not shown since `before` (ISO). */
export function forgetOlderThan(feed: FeedState, before: string): number {
  let forgotten = 0;
  for (const [link, shown] of Object.entries(feed.seen))
    if (shown < before) {
      delete feed.seen[link];
      forgotten++;
    }
  return forgotten;
}

export async function saveState(dataDir: string, state: IngestState): Promise<void> {
  await writeFileAtomic(stateFile(dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

export function feedState(state: IngestState, feedUrl: string): FeedState | undefined {
  return state.feeds[feedUrl];
}
