// Index snapshots: the built index, saved under DATA_DIR and loaded at start instead of rebuilt.
//
// The snapshot is keyed by what the index is made of: the corpus files (names, sizes and
// modification times), the analyzer (ANALYZER_VERSION, and a fingerprint of the code and word lists
// that turn text into terms), and the snapshot format. Computing the key stats the corpus and reads
// none of it. A snapshot whose key differs, or that does not read back whole
// (bad header, truncated, checksum or contents inconsistent), is never trusted: the index is rebuilt, with one line saying
// why, and saved again. Writes go to a temporary file renamed over the old one: a reader sees the
// old snapshot or the new one, never half of one.
//
// File layout: a header of HEADER_BYTES (one JSON line padded with spaces: format, key, and where
// each section is), then the sections at 8-byte boundaries, typed arrays written as they are in
// memory (little-endian): a load reads them straight into their arrays; what is parsed is a small
// JSON section and the long lists (article metadata, headings, the maps of names and capitals) as
// lines of JSON of about 256 KB each, parsed one at a time. The passage texts are the
// last section; a load does not read them: the index reads each passage from the file when it is
// needed, through the descriptor the load opened (a snapshot renamed over it later does not
// disturb it). Every section but the texts is covered by a SHA-256 checked at load.
import { createHash, randomBytes } from 'node:crypto';
import { endianness } from 'node:os';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYZER_VERSION } from './analysis/analyze.js';
import { corpusFileLimit, corpusFileNames, parseCorpusFiles, readCorpusFiles, type CorpusProblem } from './corpus.js';
import { SearchIndex, TextPlaces, type IndexState, type IndexedArticleData, type TextFile } from './search-index.js';
import type { ArenaFile } from './postings.js';

/** Bump when the snapshot layout changes. */
export const SNAPSHOT_FORMAT = 4;
export const SNAPSHOT_FILE = 'index-snapshot.bin';
/** Where format 2 and older (JSON) lived: removed once a new snapshot is saved. */
const OLD_SNAPSHOT_FILE = 'index-snapshot.json';
const HEADER_BYTES = 8192;

export const snapshotPath = (dataDir: string) => path.join(dataDir, SNAPSHOT_FILE);

type SectionKind = 'json' | 'json-lines' | 'strings' | 'i32' | 'u32' | 'f64' | 'u8' | 'text';
interface SectionEntry {
  name: string;
  kind: SectionKind;
  offset: number;
  bytes: number;
}

interface Header {
  format: number;
  key: string;
  analyzer: number;
  created: string;
  articles: number;
  passages: number;
  /** Byte order of the typed arrays as written (they are read back as they are). */
  endianness: 'LE' | 'BE';
  /** Total file size. */
  size: number;
  sections: SectionEntry[];
  /** SHA-256 of every section but the texts, in order. */
  sha256: string;
}

/** The small JSON section: what is neither a typed array nor a long list. */
interface MetaSection {
  problems: CorpusProblem[];
  slots: number;
  live: number;
  averageFieldLength: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The modules that decide what the index holds; a change to any of them makes old snapshots stale. */
const PIPELINE = /^(?:search-index|postings|passages|corpus|article|snapshot)\.(?:js|ts)$/;

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

/**
 * The snapshot key of a corpus folder: each file's name, size and modification time (as rsync
 * decides what changed; the corpus watcher does the same), the size limit that decides which files
 * are read, the analyzer, the pipeline code and the format. Only stats: a start from a valid
 * snapshot reads no corpus file (reading and hashing 100,000 of them took seconds).
 */
export async function snapshotKey(dir: string, maxBytes = corpusFileLimit()): Promise<{ key: string; files: number } | { problem: CorpusProblem }> {
  let names: string[];
  try {
    names = await corpusFileNames(dir);
  } catch (e) {
    return { problem: { file: dir, message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` } };
  }
  const hash = createHash('sha256');
  hash.update(`veille-index ${SNAPSHOT_FORMAT} ${ANALYZER_VERSION} ${pipelineFingerprint()} ${maxBytes}\0`);
  for (const name of names) {
    hash.update(`${name}\0`);
    try {
      const st = statSync(path.join(dir, name));
      hash.update(st.isFile() ? `${st.size} ${st.mtimeMs}\0` : '!not a file\0');
    } catch (e) {
      hash.update(`!${(e as NodeJS.ErrnoException).code ?? 'unreadable'}\0`);
    }
  }
  return { key: hash.digest('hex'), files: names.length };
}

export type SnapshotMiss = { status: 'missing' } | { status: 'stale' } | { status: 'corrupt'; reason: string };
export type SnapshotRead = { status: 'loaded'; index: SearchIndex; problems: CorpusProblem[] } | SnapshotMiss;

const ELEMENT_BYTES: Record<SectionKind, number> = { json: 1, 'json-lines': 1, strings: 1, text: 1, u8: 1, i32: 4, u32: 4, f64: 8 };

/** Closes the snapshot file an index reads its texts from, once the index is gone. */
const openTextFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/** Sections a loaded index reads from the file rather than holding (see postings.ts). */
const IN_FILE = new Set(['postings']);

/** Hashes `bytes` bytes of the file from `position`, a megabyte at a time. */
function hashRange(fd: number, hash: ReturnType<typeof createHash>, position: number, bytes: number): void {
  const chunk = new Uint8Array(Math.min(bytes, 1 << 20));
  for (let done = 0; done < bytes; ) {
    const part = chunk.subarray(0, Math.min(chunk.length, bytes - done));
    readExactly(fd, part, position + done);
    hash.update(part);
    done += part.length;
  }
}

function readExactly(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error('the file ends early');
    done += n;
  }
}

/** Loads the snapshot at `file` if it holds the index for `key`; never throws. */
export function readSnapshot(file: string, key: string): SnapshotRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    return { status: 'corrupt', reason: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  let keep = false;
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(HEADER_BYTES, size));
    readExactly(fd, head, 0);
    const newline = head.indexOf(10);
    if (newline < 0) throw new Error('no header line');
    let header: Header;
    try {
      header = JSON.parse(head.toString('utf8', 0, newline)) as Header;
    } catch {
      throw new Error('the header is not JSON');
    }
    if (header === null || typeof header !== 'object') throw new Error('bad header');
    if (header.format !== SNAPSHOT_FORMAT || header.key !== key || header.endianness !== endianness()) return { status: 'stale' };
    if (header.size !== size) throw new Error(`${size} bytes where the header says ${header.size} (truncated?)`);
    if (!Array.isArray(header.sections)) throw new Error('bad header');
    const hash = createHash('sha256');
    const sections = new Map<string, { entry: SectionEntry; bytes?: Uint8Array }>();
    for (const entry of header.sections) {
      const width = ELEMENT_BYTES[entry.kind];
      if (!width || !Number.isInteger(entry.offset) || !Number.isInteger(entry.bytes) || entry.offset < HEADER_BYTES || entry.offset % 8 || entry.bytes < 0 || entry.bytes % width || entry.offset + entry.bytes > size)
        throw new Error(`section ${entry.name}: bad place in the file`);
      if (entry.kind === 'text') {
        sections.set(entry.name, { entry });
        continue;
      }
      if (IN_FILE.has(entry.name)) {
        // Checked, not kept: the index reads it from the file when it needs it.
        hashRange(fd, hash, entry.offset, entry.bytes);
        sections.set(entry.name, { entry });
        continue;
      }
      // Read straight into the memory of the typed array it is.
      const buffer = new ArrayBuffer(entry.bytes);
      const bytes = new Uint8Array(buffer);
      readExactly(fd, bytes, entry.offset);
      hash.update(bytes);
      sections.set(entry.name, { entry, bytes });
    }
    if (hash.digest('hex') !== header.sha256) throw new Error('checksum mismatch');
    const get = (name: string, kind: SectionKind): Uint8Array => {
      const s = sections.get(name);
      if (!s || s.entry.kind !== kind || !s.bytes) throw new Error(`section ${name} missing`);
      return s.bytes;
    };
    const inFile = (name: string, kind: SectionKind): ArenaFile => {
      const s = sections.get(name);
      if (!s || s.entry.kind !== kind) throw new Error(`section ${name} missing`);
      return { fd, base: s.entry.offset, bytes: s.entry.bytes };
    };
    const i32 = (name: string) => new Int32Array(get(name, 'i32').buffer);
    const f64 = (name: string) => new Float64Array(get(name, 'f64').buffer);
    const utf8 = (name: string, kind: SectionKind) => Buffer.from(get(name, kind).buffer).toString('utf8');
    const meta = JSON.parse(utf8('meta', 'json')) as MetaSection;
    const list = <T>(name: string) => jsonLines<T>(get(name, 'json-lines'));
    const termText = utf8('terms', 'strings');
    const text = sections.get('text');
    if (!text) throw new Error('section text missing');
    const starts = sections.get('textStarts')?.entry.kind === 'u32' ? new Uint32Array(get('textStarts', 'u32').buffer) : f64('textStarts');
    const textFile: TextFile = { fd, base: text.entry.offset, places: TextPlaces.of(starts, i32('textLengths'), text.entry.bytes) };
    const index = SearchIndex.fromState(
      {
        articles: list<IndexedArticleData>('articles'),
        passageCounts: i32('passageCounts'),
        passageIds: i32('passageIds'),
        passageHeadings: i32('passageHeadings'),
        headings: list<string>('headings'),
        contextDf: list<IndexState['contextDf'][number]>('contextDf'),
        capitalised: list<IndexState['capitalised'][number]>('capitalised'),
        topicCounts: list<IndexState['topicCounts'][number]>('topicCounts'),
        vocabulary: { rank: i32('vocabularyRank'), sorted: i32('vocabularySorted') },
        postings: {
          terms: termText ? termText.split('\0') : [],
          counts: i32('termCounts'),
          lasts: i32('termLasts'),
          starts: f64('termStarts'),
          lengths: i32('termLengths'),
          arena: new Uint8Array(0),
          arenaFile: inFile('postings', 'u8'),
          fieldLengths: i32('fieldLengths'),
          slots: meta.slots,
          live: meta.live,
          averageFieldLength: meta.averageFieldLength,
        },
      },
      textFile,
    );
    keep = true;
    openTextFiles.register(index, fd);
    return { status: 'loaded', index, problems: meta.problems };
  } catch (e) {
    return { status: 'corrupt', reason: (e as Error).message.split('\n')[0].slice(0, 200) };
  } finally {
    if (!keep) closeSync(fd);
  }
}

export interface WriteSnapshotOptions {
  /** Once written, the index reads its passage texts and its postings from the file and drops them from memory. */
  adoptTexts?: boolean;
}

/**
 * Writes the snapshot of `index` for `key` to `file`, atomically: a temporary file in the same
 * folder, renamed over the old one. On failure the temporary file is removed and the error thrown.
 */
export function writeSnapshot(file: string, key: string, index: SearchIndex, problems: CorpusProblem[], options: WriteSnapshotOptions = {}): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  removeLeftovers(dir, path.basename(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  let adopted = false;
  try {
    const state = index.toState();
    fd = openSync(tmp, options.adoptTexts ? 'w+' : 'w');
    const out = fd;
    const sections: SectionEntry[] = [];
    let at = HEADER_BYTES;
    const write = (bytes: Uint8Array, position: number) => {
      let done = 0;
      while (done < bytes.length) {
        const n = writeSync(out, bytes, done, bytes.length - done, position + done);
        if (n <= 0) throw new Error(`short write: ${done} of ${bytes.length} bytes`);
        done += n;
      }
    };
    // The texts first, streamed: their offsets are known only once written.
    const slots = index.passageSlots;
    const textStarts = new Float64Array(slots);
    const textLengths = new Int32Array(slots).fill(-1);
    const textBase = at;
    let textBytes = 0;
    const chunks: Buffer[] = [];
    let pending = 0;
    const flush = () => {
      const chunk = Buffer.concat(chunks);
      write(chunk, textBase + textBytes - pending);
      chunks.length = 0;
      pending = 0;
    };
    for (let id = 0; id < slots; id++) {
      if (index.articleIdOf(id) === undefined) continue;
      const bytes = Buffer.from(index.passageText(id), 'utf8');
      textStarts[id] = textBytes;
      textLengths[id] = bytes.length;
      textBytes += bytes.length;
      chunks.push(bytes);
      pending += bytes.length;
      if (pending >= 1 << 20) flush();
    }
    flush();
    sections.push({ name: 'text', kind: 'text', offset: textBase, bytes: textBytes });
    at = align(textBase + textBytes);
    const hash = createHash('sha256');
    const add = (name: string, kind: SectionKind, data: Uint8Array | Int32Array | Uint32Array | Float64Array) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      write(bytes, at);
      hash.update(bytes);
      sections.push({ name, kind, offset: at, bytes: bytes.length });
      at = align(at + bytes.length);
    };
    const p = state.postings;
    const meta: MetaSection = {
      problems,
      slots: p.slots,
      live: p.live,
      averageFieldLength: p.averageFieldLength,
    };
    add('meta', 'json', Buffer.from(JSON.stringify(meta), 'utf8'));
    add('articles', 'json-lines', toJsonLines(state.articles));
    add('headings', 'json-lines', toJsonLines(state.headings));
    add('contextDf', 'json-lines', toJsonLines(state.contextDf));
    add('capitalised', 'json-lines', toJsonLines(state.capitalised));
    add('topicCounts', 'json-lines', toJsonLines(state.topicCounts));
    add('terms', 'strings', Buffer.from(p.terms.join('\0'), 'utf8'));
    add('termCounts', 'i32', p.counts);
    add('termLasts', 'i32', p.lasts);
    add('termStarts', 'f64', p.starts);
    add('termLengths', 'i32', p.lengths);
    const arenaAt = at;
    add('postings', 'u8', p.arena);
    add('fieldLengths', 'i32', p.fieldLengths);
    add('passageCounts', 'i32', state.passageCounts);
    add('passageIds', 'i32', state.passageIds);
    add('passageHeadings', 'i32', state.passageHeadings);
    // Text offsets in 4 bytes each while the texts are under 4 GB (1.7 million passages: 7 MB less in every process).
    const starts = textBytes < 2 ** 32 ? Uint32Array.from(textStarts) : textStarts;
    add('textStarts', starts instanceof Uint32Array ? 'u32' : 'f64', starts);
    add('textLengths', 'i32', textLengths);
    add('vocabularyRank', 'i32', state.vocabulary.rank);
    add('vocabularySorted', 'i32', state.vocabulary.sorted);
    const header: Header = {
      format: SNAPSHOT_FORMAT,
      key,
      analyzer: ANALYZER_VERSION,
      created: new Date().toISOString(),
      articles: state.articles.length,
      passages: p.live,
      endianness: endianness(),
      size: at,
      sections,
      sha256: hash.digest('hex'),
    };
    const line = JSON.stringify(header);
    if (Buffer.byteLength(line) >= HEADER_BYTES) throw new Error('snapshot header too long');
    const head = Buffer.alloc(HEADER_BYTES, ' ');
    head.write(line, 0, 'utf8');
    head[HEADER_BYTES - 1] = 10;
    write(head, 0);
    // The file ends with its last section, padding included.
    if (fstatSync(out).size < at) write(new Uint8Array(at - fstatSync(out).size), fstatSync(out).size);
    renameSync(tmp, file);
    if (options.adoptTexts) {
      index.useTextFile({ fd: out, base: textBase, places: TextPlaces.of(starts, textLengths, textBytes) });
      index.useArenaFile({ fd: out, base: arenaAt, bytes: p.arena.length });
      openTextFiles.register(index, out);
      adopted = true;
    } else closeSync(out);
    fd = undefined;
  } catch (e) {
    if (fd !== undefined && !adopted) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

const align = (n: number) => Math.ceil(n / 8) * 8;

/** About how many bytes of JSON a line of a json-lines section holds. */
const JSON_LINE_BYTES = 1 << 18;

/**
 * A long list as lines of JSON arrays of about 256 KB each. Read back a line at a time, it never
 * becomes one string of tens of megabytes (40 MB at 100,000 articles) whose parse is the peak
 * of a load, and whose pages the process kept after.
 */
function toJsonLines(items: readonly unknown[]): Buffer {
  const lines: Buffer[] = [];
  let line: string[] = [];
  let bytes = 0;
  const flush = () => {
    lines.push(Buffer.from(`[${line.join(',')}]\n`, 'utf8'));
    line = [];
    bytes = 0;
  };
  for (const item of items) {
    const json = JSON.stringify(item);
    line.push(json);
    bytes += json.length;
    if (bytes >= JSON_LINE_BYTES) flush();
  }
  if (line.length || !lines.length) flush();
  return Buffer.concat(lines);
}

function jsonLines<T>(bytes: Uint8Array): T[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: T[] = [];
  for (let at = 0; at < buffer.length; ) {
    let end = buffer.indexOf(10, at);
    if (end < 0) end = buffer.length;
    const items: unknown = JSON.parse(buffer.toString('utf8', at, end));
    if (!Array.isArray(items)) throw new Error('a list section holds something else than arrays');
    for (const item of items) out.push(item as T);
    at = end + 1;
  }
  return out;
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
  const keyed = await snapshotKey(corpusDir);
  // No folder, nothing worth saving.
  if ('problem' in keyed) return { index: SearchIndex.build([]), problems: [keyed.problem], from: 'build', seconds: seconds() };
  const { key } = keyed;
  const file = snapshotPath(options.dataDir);
  const read = readSnapshot(file, key);
  if (read.status === 'loaded') return { index: read.index, problems: read.problems, from: 'snapshot', seconds: seconds() };
  // Building takes about a second per thousand articles: say so before the wait, not after.
  const building = `building the index of ${keyed.files.toLocaleString('en')} corpus file${keyed.files === 1 ? '' : 's'}`;
  if (read.status === 'missing') options.info?.(`no index snapshot in ${options.dataDir} yet: ${building}`);
  // A changed corpus is routine (every ingest): not a warning.
  else if (read.status === 'stale') options.info?.(`index snapshot ${file} is out of date (corpus, analyzer or format changed): ${building}`);
  else options.warn(`index snapshot ${file} is corrupt (${read.reason}): ${building}`);
  const { files, problem } = await readCorpusFiles(corpusDir);
  if (problem) return { index: SearchIndex.build([]), problems: [problem], from: 'build', seconds: seconds() };
  const { articles, problems } = parseCorpusFiles(files);
  const index = SearchIndex.build(articles);
  const built = seconds();
  try {
    const saving = performance.now();
    writeSnapshot(file, key, index, problems, { adoptTexts: true });
    rmSync(path.join(options.dataDir, OLD_SNAPSHOT_FILE), { force: true });
    options.info?.(`index snapshot saved to ${file} (${Math.round(performance.now() - saving)} ms)`);
  } catch (e) {
    options.warn(`cannot save the index snapshot to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { index, problems, from: 'build', seconds: built };
}
