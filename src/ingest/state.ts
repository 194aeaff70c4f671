// What ingestion remembers between runs (DATA_DIR/ingest-state.json): per feed, the validators
// for conditional GET and the item links already handled. Written atomically.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic.js';

const feedStateSchema = z.object({
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
  lastFetched: z.string().nullable().default(null),
  /** Canonical links of the items already handled (ingested, known, or skipped on the first run). */
  seen: z.array(z.string()).default([]),
});

const stateSchema = z.object({
  version: z.literal(1).default(1),
  feeds: z.record(z.string(), feedStateSchema).default({}),
});

export type FeedState = z.infer<typeof feedStateSchema>;
export type IngestState = z.infer<typeof stateSchema>;

/** Links remembered per feed: enough for any real feed's window. */
const MAX_SEEN = 1000;

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
      const parsed = stateSchema.safeParse(value);
      if (parsed.success) return parsed.data;
      warn?.(`warning: ${name} is not valid (${parsed.error.issues[0]?.message ?? 'unknown'}); starting afresh`);
      return stateSchema.parse({});
    },
    save: (state) => doc.write(bounded(state)),
  };
}

function bounded(state: IngestState): IngestState {
  for (const feed of Object.values(state.feeds)) if (feed.seen.length > MAX_SEEN) feed.seen = feed.seen.slice(-MAX_SEEN);
  return state;
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
    return stateSchema.parse(JSON.parse(text));
  } catch (e) {
    warn?.(`warning: ${file} is not a valid state file (${(e as Error).message.split('\n')[0]}); starting afresh`);
    return stateSchema.parse({});
  }
}

export async function saveState(dataDir: string, state: IngestState): Promise<void> {
  await writeFileAtomic(stateFile(dataDir), `${JSON.stringify(bounded(state), null, 2)}\n`);
}

export function feedState(state: IngestState, feedUrl: string): FeedState | undefined {
  return state.feeds[feedUrl];
}
