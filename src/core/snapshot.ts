// Index snapshots: the built index, saved under DATA_DIR and loaded at start instead of rebuilt.
//
// The snapshot is keyed by what the index is made of: the corpus files (names and bytes), the
// analyzer (ANALYZER_VERSION, and a fingerprint of the code and word lists that turn text into
// terms), and the snapshot format. Computing the key reads the corpus but parses nothing, which is
// far cheaper than a rebuild. A snapshot whose key differs, or that does not read back whole
// (bad JSON, truncated, inconsistent), is never trusted: the index is rebuilt, with one line saying
// why, and saved again. Writes go to a temporary file renamed over the old one: a reader sees the
// old snapshot or the new one, never half of one.
//
// File layout (UTF-8): a one-line JSON header (format, key, byte length of each section), then one
// JSON section a line: the articles and skipped-file problems, the index's own maps, minisearch's
// index. The header is checked (and the file size against it) before anything big is parsed.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYZER_VERSION } from './analysis/analyze.js';
import { parseCorpusFiles, readCorpusFiles, type CorpusFile, type CorpusProblem } from './corpus.js';
import { SearchIndex, type IndexState } from './search-index.js';

/** Bump when the snapshot layout changes. */
export const SNAPSHOT_FORMAT = 2;
export const SNAPSHOT_FILE = 'index-snapshot.json';

export const snapshotPath = (dataDir: string) => path.join(dataDir, SNAPSHOT_FILE);

interface Header {
  format: number;
  key: string;
  analyzer: number;
  created: string;
  articles: number;
  passages: number;
  /** Byte length of each section line, without its newline. */
  sections: number[];
}

interface CorpusSection {
  articles: IndexState['articles'];
  problems: CorpusProblem[];
}

type MapsSection = Omit<IndexState, 'articles' | 'mini'>;

const here = path.dirname(fileURLToPath(import.meta.url));
/** The modules that decide what the index holds; a change to any of them makes old snapshots stale. */
const PIPELINE = /^(?:search-index|mini-state|passages|corpus|article|snapshot)\.(?:js|ts)$/;

let codeFingerprint: string | undefined;
/** A hash of the code and word lists that turn articles into index terms (a few small files). */
function pipelineFingerprint(): string {
  if (codeFingerprint) return codeFingerprint;
  const hash = createHash('sha256');
  const addDir = (dir: string, keep: (name: string) => boolean) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).filter(keep).sort()) {
      hash.update(`${name}\0`);
      hash.update(readFileSync(path.join(dir, name)));
      hash.update('\0');
    }
  };
  addDir(here, (n) => PIPELINE.test(n));
  addDir(path.join(here, 'analysis'), (n) => /\.(?:js|ts)$/.test(n));
  addDir(path.resolve(here, '../../lexicon'), (n) => !n.startsWith('.'));
  codeFingerprint = hash.digest('hex');
  return codeFingerprint;
}

/** The snapshot key of a corpus as read: file names and bytes, analyzer, pipeline code, format. */
export function snapshotKey(files: CorpusFile[]): string {
  const hash = createHash('sha256');
  hash.update(`veille-index ${SNAPSHOT_FORMAT} ${ANALYZER_VERSION} ${pipelineFingerprint()}\0`);
  for (const f of files) {
    hash.update(`${f.file}\0`);
    if ('error' in f) hash.update(`!${f.error.message}\0`);
    else {
      hash.update(`${Buffer.byteLength(f.content)}\0`);
      hash.update(f.content);
    }
  }
  return hash.digest('hex');
}

export type SnapshotMiss = { status: 'missing' } | { status: 'stale' } | { status: 'corrupt'; reason: string };
export type SnapshotRead = { status: 'loaded'; index: SearchIndex; problems: CorpusProblem[] } | SnapshotMiss;

/** Loads the snapshot at `file` if it holds the index for `key`; never throws. */
export function readSnapshot(file: string, key: string): SnapshotRead {
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    return { status: 'corrupt', reason: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  try {
    const newline = buffer.indexOf(10);
    if (newline < 0) throw new Error('no header line');
    const header = JSON.parse(buffer.toString('utf8', 0, newline)) as Header;
    if (header === null || typeof header !== 'object') throw new Error('bad header');
    if (header.format !== SNAPSHOT_FORMAT || header.key !== key) return { status: 'stale' };
    if (!Array.isArray(header.sections) || header.sections.length !== 3) throw new Error('bad header');
    const expected = newline + 1 + header.sections.reduce((sum, n) => sum + n + 1, 0);
    if (buffer.length !== expected) throw new Error(`${buffer.length} bytes where the header says ${expected} (truncated?)`);
    let at = newline + 1;
    const section = <T>(i: number): T => {
      const end = at + header.sections[i];
      if (buffer[end] !== 10) throw new Error(`section ${i + 1} does not end where the header says`);
      const value = JSON.parse(buffer.toString('utf8', at, end)) as T;
      at = end + 1;
      return value;
    };
    const corpus = section<CorpusSection>(0);
    const maps = section<MapsSection>(1);
    const mini = section<IndexState['mini']>(2);
    const index = SearchIndex.fromState({ ...maps, articles: corpus.articles, mini });
    return { status: 'loaded', index, problems: corpus.problems };
  } catch (e) {
    return { status: 'corrupt', reason: (e as Error).message.split('\n')[0].slice(0, 200) };
  }
}

/**
 * Writes the snapshot of `index` for `key` to `file`, atomically: a temporary file in the same
 * folder, renamed over the old one. On failure the temporary file is removed and the error thrown.
 */
export function writeSnapshot(file: string, key: string, index: SearchIndex, problems: CorpusProblem[]): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  removeLeftovers(dir, path.basename(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    const { articles, mini, ...maps } = index.toState();
    const sections = [
      JSON.stringify({ articles, problems } satisfies CorpusSection),
      JSON.stringify(maps satisfies MapsSection),
      JSON.stringify(mini),
    ];
    const header: Header = {
      format: SNAPSHOT_FORMAT,
      key,
      analyzer: ANALYZER_VERSION,
      created: new Date().toISOString(),
      articles: articles.length,
      passages: maps.passageTotal,
      sections: sections.map((s) => Buffer.byteLength(s, 'utf8')),
    };
    fd = openSync(tmp, 'w');
    writeAll(fd, `${JSON.stringify(header)}\n`);
    for (const s of sections) {
      writeAll(fd, s);
      writeAll(fd, '\n');
    }
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  const written = writeSync(fd, text, null, 'utf8');
  if (written !== bytes) throw new Error(`short write: ${written} of ${bytes} bytes`);
}

/** Temporary files of writers that died mid-write (an hour old or more). */
function removeLeftovers(dir: string, base: string): void {
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(`.${base}.`) || !name.endsWith('.tmp')) continue;
      const file = path.join(dir, name);
      if (Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
    }
  } catch {
    // Best effort: a leftover is only wasted space.
  }
}

export interface SnapshotLoadOptions {
  /** Where the snapshot lives (DATA_DIR). */
  dataDir: string;
  /** Told what is wrong: a corrupt snapshot, or one that could not be saved. */
  warn: (message: string) => void;
  /** Told the routine things: building (no snapshot yet, or the corpus changed since), saved. */
  info?: (message: string) => void;
}

export interface LoadedIndex {
  index: SearchIndex;
  /** Corpus files that were skipped (replayed from the snapshot when it was used). */
  problems: CorpusProblem[];
  from: 'snapshot' | 'build';
  /** How long building or loading the index took. */
  seconds: number;
}

/** The index of a corpus folder: from its snapshot when that is valid, else built (and saved). */
export async function loadIndex(corpusDir: string, options: SnapshotLoadOptions): Promise<LoadedIndex> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const { files, problem } = await readCorpusFiles(corpusDir);
  // No folder, nothing worth saving.
  if (problem) return { index: SearchIndex.build([]), problems: [problem], from: 'build', seconds: seconds() };
  const key = snapshotKey(files);
  const file = snapshotPath(options.dataDir);
  const read = readSnapshot(file, key);
  if (read.status === 'loaded') return { index: read.index, problems: read.problems, from: 'snapshot', seconds: seconds() };
  // Building takes about a second per thousand articles: say so before the wait, not after.
  const building = `building the index of ${files.length.toLocaleString('en')} corpus file${files.length === 1 ? '' : 's'}`;
  if (read.status === 'missing') options.info?.(`no index snapshot in ${options.dataDir} yet: ${building}`);
  // A changed corpus is routine (every ingest): not a warning.
  else if (read.status === 'stale') options.info?.(`index snapshot ${file} is out of date (corpus, analyzer or format changed): ${building}`);
  else options.warn(`index snapshot ${file} is corrupt (${read.reason}): ${building}`);
  const { articles, problems } = parseCorpusFiles(files);
  const index = SearchIndex.build(articles);
  const built = seconds();
  try {
    const saving = performance.now();
    writeSnapshot(file, key, index, problems);
    options.info?.(`index snapshot saved to ${file} (${Math.round(performance.now() - saving)} ms)`);
  } catch (e) {
    options.warn(`cannot save the index snapshot to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { index, problems, from: 'build', seconds: built };
}
