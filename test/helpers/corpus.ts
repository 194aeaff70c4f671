// The real corpus, loaded once per test file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/core/engine.js';
import { loadCorpus } from '../../src/core/corpus.js';
import type { Article } from '../../src/core/article.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusPath = path.join(root, 'corpus');

let engine: Promise<Engine> | undefined;
export function realEngine(): Promise<Engine> {
  engine ??= Engine.fromDirectory(corpusPath);
  return engine;
}

export async function realArticles() {
  return (await loadCorpus(corpusPath)).articles;
}

/** Whitespace-insensitive: excerpts must be findable in the article they cite. */
export const squash = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** A small article for a fixture corpus: undated, no source or URL. */
export const fixtureArticle = (id: string, lang: 'fr' | 'en', title: string, body: string): Article => ({
  id, title, lang, body, source: null, url: null, date: null, added: '2026-01-01T00:00:00Z',
});
