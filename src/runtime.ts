// What every entry point does first: read `.env`, find the corpus, load the engine.
import { existsSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Engine } from './core/engine.js';
import { formatProblem } from './core/corpus.js';
import { loadIndex } from './core/snapshot.js';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Loads `.env` from the working directory into process.env, if there is one (never overriding). */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** CORPUS_DIR if set; else ./corpus when it exists; else the corpus shipped with the package. */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CORPUS_DIR?.trim()) return path.resolve(env.CORPUS_DIR.trim());
  const local = path.resolve('corpus');
  return existsSync(local) ? local : path.join(packageRoot, 'corpus');
}

/**
 * Why veille must not write into `dir`, or null when it may: a corpus inside node_modules is the
 * one shipped with an installed package (the fallback of corpusDir()), which npm replaces on the
 * next install and which may not even be writable.
 */
export function readOnlyCorpusReason(dir: string): string | null {
  if (!path.resolve(dir).split(path.sep).includes('node_modules')) return null;
  return (
    `the corpus in use (${dir}) is the one installed with the package, inside node_modules: veille never writes there. ` +
    `Set CORPUS_DIR to a folder of your own (copy that folder to start from its articles), e.g. CORPUS_DIR=./corpus.`
  );
}

/** DATA_DIR if set, else ./data: where the index snapshot (and other state) is kept. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR?.trim() || 'data');
}

export interface LoadEngineOptions {
  /** Where the index snapshot lives (default: dataDir()); null to build without one. */
  dataDir?: string | null;
  /** Routine notes (building the index, snapshot saved); warnings go to `warn`. */
  info?: (message: string) => void;
  /** Told how the index came to be, and how long it took (for /metrics). */
  onIndex?: (from: 'snapshot' | 'build', seconds: number) => void;
}

/**
 * The engine over the corpus, from the index snapshot in DATA_DIR when it matches the corpus
 * (else built, and the snapshot saved); each skipped file is reported through `warn`.
 */
export async function loadEngine(dir: string, warn: (message: string) => void, options: LoadEngineOptions = {}): Promise<Engine> {
  const skipped = (formatted: string) => warn(`warning: skipped ${formatted}`);
  const data = options.dataDir === undefined ? dataDir() : options.dataDir;
  if (data === null) return Engine.fromDirectory(dir, { onProblem: (_p, formatted) => skipped(formatted) });
  const { index, problems, from, seconds } = await loadIndex(dir, { dataDir: data, warn: (m) => warn(`warning: ${m}`), info: options.info });
  options.onIndex?.(from, seconds);
  for (const p of problems) skipped(formatProblem(p));
  return Engine.fromIndex(index);
}

/**
 * How far V8 lets a heap grow past what it held after its last full collection before the next, in
 * percent. Left to V8 the factor is dynamic, up to 4×: an answer worker holding ~155 MB at 100,000
 * articles let its heap reach ~370 MB, mostly garbage, between collections. At 15 % collections
 * come sooner; they mark live objects only (the index's typed arrays are not walked), and the
 * answers' latency stayed within this machine's noise (docs/performance.md).
 */
export const SERVING_HEAP_GROWTH_PERCENT = 15;

/** A bot serving a platform keeps its heaps close to what they hold (every thread: V8's flags are the process's). */
export function keepHeapsSmall(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${SERVING_HEAP_GROWTH_PERCENT}`);
}
