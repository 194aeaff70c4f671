// What every entry point does first: read `.env`, find the corpus, load the engine.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from './core/engine.js';

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

/** The engine over the corpus; each skipped file is reported through `warn`. */
export function loadEngine(dir: string, warn: (message: string) => void): Promise<Engine> {
  return Engine.fromDirectory(dir, { onProblem: (_p, formatted) => warn(`warning: skipped ${formatted}`) });
}
