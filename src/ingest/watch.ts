// Live reindex: a running engine follows corpus/ without a restart. fs.watch on the folder, a debounce,
// then a diff against what is loaded: engine.upsert for added or changed files, engine.remove for
// removed ones. A bad file is skipped with a loud warning and its previous version stays served.
import { createHash } from 'node:crypto';
import { statSync, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../core/article.js';
import { CorpusFileError, corpusFileNames, formatProblem, isCorpusFileName, olderFirst, parseArticle, readCorpusFile } from '../core/corpus.js';
import { PackedCounts } from '../core/search-index.js';

/** What the watcher needs of the engine (in this thread, or the answer pool's workers). */
export interface LiveIndex {
  upsert(article: Article): void | Promise<void>;
  remove(articleId: string): void | Promise<void>;
}

export interface WatchOptions {
  debounceMs?: number;
  warn?: (message: string) => void;
  info?: (message: string, details: Record<string, unknown>) => void;
}

export interface CorpusWatcher {
  /** Resolves once the files' ids are known and what changed while the engine loaded is indexed. */
  ready: Promise<void>;
  /** Runs a diff now (also what the watcher does after each burst of events). */
  sync(): Promise<SyncReport>;
  close(): void;
}

export interface SyncReport {
  added: string[];
  changed: string[];
  removed: string[];
  skipped: string[];
}

// What is remembered of each file is a digest of its text once read, not the text (the engine holds
// that once), and its size and modification time: a file whose size and time are unchanged is not
// read again, so that a rescan of a large corpus (on another replica's notice) costs a stat per file.
interface Loaded {
  digest: string;
  size: number;
  mtimeMs: number;
  /** The id served from this file; null while the file has never been valid. */
  id: string | null;
}

/**
 * What is remembered of the files, by name, kept small (a replica watching 100,000 files held ~30 MB
 * of heap as a Map of objects and strings): the names packed (1 + their slot, in packed counts: a
 * Map of the names was ~7 MB more), sizes and times in typed arrays, the SHA-1 digest as its 20
 * bytes, the id left out when it is the file's name without `.md` (as `veille ingest` names files).
 * A digest that is not one (a skipped file's marker) is kept as it is, aside.
 */
class LoadedFiles {
  /** Name → 1 + its slot. */
  private readonly slots = new PackedCounts();
  private readonly free: number[] = [];
  private sizes = new Float64Array(0);
  private mtimes = new Float64Array(0);
  private digests = Buffer.alloc(0);
  /** Per slot: the id, null for none, or true for the name without `.md`. */
  private readonly ids: (string | null | true)[] = [];
  private readonly otherDigests = new Map<number, string>();

  get(name: string): Loaded | undefined {
    const slot = this.slotOf(name);
    return slot === undefined ? undefined : this.at(name, slot);
  }

  private slotOf(name: string): number | undefined {
    const n = this.slots.get(name);
    return n === undefined ? undefined : n - 1;
  }

  /** Packs the names set so far (after the first listing: in name order, so no sort is needed). */
  pack(): void {
    this.slots.pack();
  }

  set(name: string, loaded: Loaded): void {
    let slot = this.slotOf(name);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.ids.length;
      if (slot === this.ids.length) {
        this.ids.push(null);
        if (slot >= this.sizes.length) {
          const room = Math.max(1024, this.sizes.length * 2);
          const grow = (a: Float64Array) => {
            const more = new Float64Array(room);
            more.set(a);
            return more;
          };
          [this.sizes, this.mtimes] = [grow(this.sizes), grow(this.mtimes)];
          const digests = Buffer.alloc(room * DIGEST_BYTES);
          this.digests.copy(digests);
          this.digests = digests;
        }
      }
      this.slots.set(name, slot + 1);
    }
    this.sizes[slot] = loaded.size;
    this.mtimes[slot] = loaded.mtimeMs;
    this.ids[slot] = loaded.id !== null && loaded.id === idOfName(name) ? true : loaded.id;
    const bytes = Buffer.from(loaded.digest, 'base64');
    if (bytes.length === DIGEST_BYTES && bytes.toString('base64') === loaded.digest) {
      bytes.copy(this.digests, slot * DIGEST_BYTES);
      this.otherDigests.delete(slot);
    } else this.otherDigests.set(slot, loaded.digest);
  }

  delete(name: string): void {
    const slot = this.slotOf(name);
    if (slot === undefined) return;
    this.slots.delete(name);
    this.otherDigests.delete(slot);
    this.ids[slot] = null;
    this.free.push(slot);
  }

  *entries(): IterableIterator<[string, Loaded]> {
    for (const [name, n] of this.slots) yield [name, this.at(name, n - 1)];
  }

  /** The name of another file than `except` that serves `id`, if any. */
  nameServing(id: string, except: string): string | undefined {
    // Without reading every name: a file serving the id its name gives can only be `<id>.md`; the
    // others keep their id, compared as it is.
    const named = `${id}.md`;
    if (named !== except && this.ids[this.slotOf(named) ?? -1] === true) return named;
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.ids[slot] !== id) continue;
      for (const [name, n] of this.slots) if (n - 1 === slot && name !== except) return name;
    }
    return undefined;
  }

  private idAt(name: string, slot: number): string | null {
    const id = this.ids[slot];
    return id === true ? idOfName(name) : id;
  }

  private at(name: string, slot: number): Loaded {
    return {
      digest: this.otherDigests.get(slot) ?? this.digests.toString('base64', slot * DIGEST_BYTES, (slot + 1) * DIGEST_BYTES),
      size: this.sizes[slot],
      mtimeMs: this.mtimes[slot],
      id: this.idAt(name, slot),
    };
  }
}

const DIGEST_BYTES = 20;
/** The digest of a file not read since start (twenty zero bytes: no SHA-1 a text gives in practice). */
const UNREAD = Buffer.alloc(DIGEST_BYTES).toString('base64');
const idOfName = (name: string) => name.slice(0, -'.md'.length);

/** The corpus files' sizes and modification times, by name: what the engine is about to load. */
export type CorpusListing = Map<string, { size: number; mtimeMs: number }>;

/**
 * Lists the corpus folder with a stat per file. Taken before the engine loads the folder, it is the
 * watcher's starting point: a file changed after it has another time, and the watcher's first pass
 * reindexes it (at worst again).
 */
export async function listCorpus(dir: string): Promise<CorpusListing> {
  const out: CorpusListing = new Map();
  for (const name of await corpusFileNames(dir).catch(() => [] as string[])) {
    try {
      const st = statSync(path.join(dir, name));
      out.set(name, { size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // Gone since the listing.
    }
  }
  return out;
}

/** Enough of a file for its front matter, which names the id it serves. */
const HEAD_BYTES = 4096;
/**
 * How long the background read of the files' front matter holds the event loop at a time: with
 * 256 files a turn (40–100 ms on a loaded 2-core machine), a replica's answers waited behind it
 * (request-to-answer p99 0.9–1.8 s at 100,000 articles, against 0.3 s without the read).
 */
const SLICE_MS = 5;

/**
 * Watches `dir`; the engine is assumed to hold what the folder held at `listing` (taken just before
 * it loaded; by default, now). Resolves at once: the ids the files serve (needed only when a file
 * changes or goes) are read from their front matter in the background, and every pass waits for them;
 * the first one runs as soon as they are known, for what changed while the engine loaded.
 */
export async function watchCorpus(dir: string, engine: LiveIndex, options: WatchOptions & { listing?: CorpusListing } = {}): Promise<CorpusWatcher> {
  const debounceMs = options.debounceMs ?? 300;
  const warn = options.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  // (The passes below read `info`, not `options`: a closure over `options` kept its listing — an
  // entry per file, ~15 MB at 100,000 files — for the life of the process.)
  const info = options.info;
  const files = new LoadedFiles();

  const listing = () => corpusFileNames(dir);
  // Regular files only, within the size limit, text only (readCorpusFile says why not).
  const read = async (name: string) => readCorpusFile(path.join(dir, name));
  const digestOf = (content: string) => createHash('sha1').update(content).digest('base64');

  // The baseline: sizes and times only (a stat per file, not a read: at 100,000 articles reading and
  // hashing every file kept a replica from listening for about 20 s). A file touched later is read
  // and reindexed once, its digest unknown until then.
  for (const [name, st] of options.listing ?? (await listCorpus(dir))) files.set(name, { digest: UNREAD, ...st, id: null });
  files.pack();

  // Which id each file serves, by the rule the engine loaded them with (parseCorpusFiles: of two
  // files with one id, the older). Malformed files serve none; they were reported at load.
  const idOf = (name: string): { id: string; added: string } | null => {
    const file = path.join(dir, name);
    try {
      const head = readCorpusFile(file, undefined, HEAD_BYTES);
      try {
        return parseArticle(file, head.content);
      } catch {
        // Cut inside its front matter? Then the whole file says.
        if (head.whole) return null;
      }
      return parseArticle(file, readCorpusFile(file).content);
    } catch {
      return null;
    }
  };
  const resolveIds = async () => {
    const served: { name: string; id: string; added: string; mtimeMs: number; order: number }[] = [];
    let order = 0;
    let slice = performance.now();
    for (const [name, loaded] of [...files.entries()]) {
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((done) => setImmediate(done));
        slice = performance.now();
      }
      const front = idOf(name);
      if (front) served.push({ name, id: front.id, added: front.added, mtimeMs: loaded.mtimeMs, order });
      order++;
    }
    const owned = new Set<string>();
    for (const s of served.sort(olderFirst)) {
      const loaded = files.get(s.name);
      if (owned.has(s.id) || !loaded) continue;
      owned.add(s.id);
      files.set(s.name, { ...loaded, id: s.id });
    }
  };
  const ready = resolveIds();

  let running: Promise<SyncReport> | null = null;
  let again = false;

  const syncOnce = async (): Promise<SyncReport> => {
    await ready;
    const report: SyncReport = { added: [], changed: [], removed: [], skipped: [] };
    let names: string[];
    try {
      names = await listing();
    } catch (e) {
      warn(`WARNING: cannot read the corpus folder ${dir} (${(e as Error).message}); keeping the articles already loaded`);
      return report;
    }
    const present = new Set(names);
    for (const [name, loaded] of [...files.entries()]) {
      if (present.has(name)) continue;
      files.delete(name);
      if (loaded.id && !idUsedElsewhere(loaded.id, name)) {
        await engine.remove(loaded.id);
        report.removed.push(loaded.id);
      }
    }
    for (const name of names) {
      const file = path.join(dir, name);
      const previous = files.get(name);
      if (previous) {
        const st = await stat(file).catch(() => null);
        if (st && st.size === previous.size && st.mtimeMs === previous.mtimeMs) continue;
      }
      let got: { content: string; size: number; mtimeMs: number };
      try {
        got = await read(name);
      } catch (e) {
        if (!(e instanceof CorpusFileError)) continue; // Gone between the listing and the read: the next event handles it.
        // Not a regular file, too large, or not text: said once, until the file changes.
        const marker = `!${e.message}`;
        const st = await stat(file).catch(() => null);
        if (previous?.digest !== marker)
          warn(`WARNING: corpus file skipped, ${previous?.id ? `still serving the previous version of "${previous.id}"` : 'not served'}: ${e.message}`);
        files.set(name, { digest: marker, size: st?.size ?? -1, mtimeMs: st?.mtimeMs ?? -1, id: previous?.id ?? null });
        report.skipped.push(name);
        continue;
      }
      const { content } = got;
      const digest = digestOf(content);
      const seen = { digest, size: got.size, mtimeMs: got.mtimeMs };
      if (previous && previous.digest === digest) {
        files.set(name, { ...seen, id: previous.id });
        continue;
      }
      let article: Article;
      try {
        article = parseArticle(file, content);
      } catch (e) {
        const detail = e instanceof CorpusFileError ? e.problems.map(formatProblem).join('; ') : (e as Error).message;
        warn(`WARNING: corpus file skipped, ${previous?.id ? `still serving the previous version of "${previous.id}"` : 'not served'}: ${detail}`);
        files.set(name, { ...seen, id: previous?.id ?? null });
        report.skipped.push(name);
        continue;
      }
      const owner = files.nameServing(article.id, name);
      if (owner !== undefined) {
        warn(`WARNING: corpus file skipped: ${file}: field "id" "${article.id}" is already used by ${path.join(dir, owner)}`);
        files.set(name, { ...seen, id: previous?.id ?? null });
        report.skipped.push(name);
        continue;
      }
      if (previous?.id && previous.id !== article.id) await engine.remove(previous.id);
      await engine.upsert(article);
      files.set(name, { ...seen, id: article.id });
      (previous?.id ? report.changed : report.added).push(article.id);
    }
    if (report.added.length || report.changed.length || report.removed.length)
      info?.('corpus reindexed', { added: report.added, changed: report.changed, removed: report.removed });
    return report;
  };

  function idUsedElsewhere(id: string, except: string): boolean {
    return files.nameServing(id, except) !== undefined;
  }

  const sync = (): Promise<SyncReport> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        // A caller who joined a pass under way gets what every pass until the end did.
        const report: SyncReport = { added: [], changed: [], removed: [], skipped: [] };
        do {
          again = false;
          const pass = await syncOnce();
          for (const key of ['added', 'changed', 'removed', 'skipped'] as const) report[key].push(...pass[key].filter((x) => !report[key].includes(x)));
        } while (again);
        return report;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (name && !isCorpusFileName(name.toString())) return;
      clearTimeout(timer);
      timer = setTimeout(() => void sync().catch((e: unknown) => warn(`WARNING: corpus reindex failed: ${(e as Error).message}`)), debounceMs);
    });
    watcher.on('error', (e) => warn(`WARNING: stopped watching ${dir}: ${e.message}; restart to pick up corpus changes`));
  } catch (e) {
    warn(`WARNING: cannot watch ${dir} (${(e as Error).message}); corpus changes need a restart`);
  }

  // What changed while the engine loaded (no event reported it: nothing watched yet).
  const first = sync().then(
    () => undefined,
    (e: unknown) => warn(`WARNING: corpus reindex failed: ${(e as Error).message}`),
  );

  return {
    ready: first,
    sync,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
