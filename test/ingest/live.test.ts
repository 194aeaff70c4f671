// A running instance follows the corpus folder: new, changed and deleted articles are answered
// (or no longer) without a restart; a broken edit keeps the previous version served.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm, unlink, writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/core/engine.js';
import { serializeArticle } from '../../src/core/corpus.js';
import { listCorpus, watchCorpus, type CorpusWatcher } from '../../src/ingest/watch.js';
import { startLiveIngest, fetchFeedsNow } from '../../src/ingest/live.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startNewsSite } from './server.js';
import type { Article } from '../../src/core/article.js';

const article = (over: Partial<Article> = {}): Article => ({
  id: 'quimper-tram',
  title: 'Quimper commande un tramway à batteries',
  source: 'Le Télégramme de test',
  url: null,
  date: '2025-07-01',
  lang: 'fr',
  added: '2025-07-18T09:00:00Z',
  body: "La ville de Quimper a commandé douze rames de tramway à batteries pour un montant de 84 millions d'euros. La première ligne doit ouvrir en 2029 entre la gare et l'hôpital.",
  ...over,
});

let dir: string;
let engine: Engine;
let watcher: CorpusWatcher | undefined;
const warnings: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'veille-live-'));
  await writeFile(path.join(dir, 'base.md'), serializeArticle(article({ id: 'base', title: 'Brest ouvre une ligne de téléphérique', body: "Le téléphérique de Brest transporte 4 000 passagers par jour au-dessus de la Penfeld depuis son ouverture." })));
  engine = await Engine.fromDirectory(dir);
  warnings.length = 0;
  watcher = await watchCorpus(dir, engine, { debounceMs: 50, warn: (m) => warnings.push(m) });
});
afterEach(async () => {
  watcher?.close();
  await rm(dir, { recursive: true, force: true });
});

const answerText = (q: string) => {
  const a = engine.ask(q);
  return a.answered ? a.excerpts.map((e) => `${e.article.id}: ${e.text}`).join('\n') : '';
};
const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 5_000, interval: 25 });

describe('live reindex', () => {
  it('answers about an article written after start, then its edit, then forgets it when deleted', async () => {
    expect(answerText('combien de rames de tramway à Quimper ?')).not.toContain('douze rames');
    await writeFile(path.join(dir, 'quimper-tram.md'), serializeArticle(article()));
    await until(() => answerText('combien de rames de tramway à Quimper ?').includes('douze rames'));

    await writeFile(path.join(dir, 'quimper-tram.md'), serializeArticle(article({ body: article().body.replace('douze rames', 'quinze rames') })));
    await until(() => answerText('combien de rames de tramway à Quimper ?').includes('quinze rames'));
    expect(answerText('combien de rames de tramway à Quimper ?')).not.toContain('douze rames');

    await unlink(path.join(dir, 'quimper-tram.md'));
    await until(() => !engine.articles().some((a) => a.id === 'quimper-tram'));
    expect(answerText('combien de rames de tramway à Quimper ?')).not.toContain('rames');
    expect(engine.articles().map((a) => a.id)).toEqual(['base']);
  });

  it('an id already served by another file is refused, and an article named otherwise than its file is forgotten with its file', async () => {
    // The file name is not the id here (the watcher remembers ids apart from names).
    await writeFile(path.join(dir, 'tram-2025.md'), serializeArticle(article()));
    await until(() => answerText('combien de rames de tramway à Quimper ?').includes('douze rames'));
    await writeFile(path.join(dir, 'copie.md'), serializeArticle(article({ body: article().body.replace('douze rames', 'trente rames') })));
    await until(() => warnings.some((w) => w.includes('copie.md') && w.includes('is already used by') && w.includes('tram-2025.md')));
    expect(answerText('combien de rames de tramway à Quimper ?')).toContain('douze rames');

    await unlink(path.join(dir, 'tram-2025.md'));
    await unlink(path.join(dir, 'copie.md'));
    await until(() => !engine.articles().some((a) => a.id === 'quimper-tram'));
    expect(engine.articles().map((a) => a.id)).toEqual(['base']);
  });

  it('a new file giving the id of a file there at start (named after it) is refused, and served once that file is gone', async () => {
    await writeFile(path.join(dir, 'autre.md'), serializeArticle(article({ id: 'base', title: 'Brest ferme son téléphérique', body: 'Le téléphérique de Brest ferme pour six mois de travaux.' })));
    await until(() => warnings.some((w) => w.includes('autre.md') && w.includes('is already used by') && w.includes('base.md')));
    expect(answerText('le téléphérique de Brest')).toContain('4 000 passagers');
    await unlink(path.join(dir, 'base.md'));
    // The next change of autre.md is read again, now that its id is free.
    await writeFile(path.join(dir, 'autre.md'), serializeArticle(article({ id: 'base', title: 'Brest ferme son téléphérique', body: 'Le téléphérique de Brest ferme pour six mois de travaux, dès lundi.' })));
    await until(() => answerText('le téléphérique de Brest').includes('six mois'));
  });

  it('a broken edit is skipped with a warning and the previous version is still served', async () => {
    await writeFile(path.join(dir, 'quimper-tram.md'), serializeArticle(article()));
    await until(() => answerText('combien de rames de tramway à Quimper ?').includes('douze rames'));
    await writeFile(path.join(dir, 'quimper-tram.md'), serializeArticle(article()).replace('lang: "fr"', 'lang: "français"'));
    await until(() => warnings.length > 0);
    expect(warnings[0]).toMatch(/^WARNING: corpus file skipped, still serving the previous version of "quimper-tram": .*quimper-tram\.md: field "lang" must be a language code such as fr, en or de/);
    expect(answerText('combien de rames de tramway à Quimper ?')).toContain('douze rames');
  });

  it('follows atomic writes (temporary file then rename) and ignores the temporary file', async () => {
    await writeFile(path.join(dir, '.quimper-tram.md.123.tmp'), serializeArticle(article()));
    await rename(path.join(dir, '.quimper-tram.md.123.tmp'), path.join(dir, 'quimper-tram.md'));
    await until(() => answerText('combien de rames de tramway à Quimper ?').includes('douze rames'));
    expect(warnings).toEqual([]);
  });
});

describe('starting on a corpus (the watcher does not read every file before the bot serves)', () => {
  it('an edit made while the index loaded is served once the watcher is ready, without any further change', async () => {
    watcher?.close();
    const listing = await listCorpus(dir);
    await writeFile(path.join(dir, 'base.md'), serializeArticle(article({ id: 'base', title: 'Brest ouvre une ligne de téléphérique', body: "Le téléphérique de Brest transporte 6 500 passagers par jour au-dessus de la Penfeld depuis son ouverture." })));
    watcher = await watchCorpus(dir, engine, { debounceMs: 60_000, warn: (m) => warnings.push(m), listing });
    await watcher.ready;
    expect(answerText('combien de passagers transporte le téléphérique de Brest ?')).toContain('6 500 passagers');
    expect(answerText('combien de passagers transporte le téléphérique de Brest ?')).not.toContain('4 000');
  });

  it('a file there at start, named otherwise than its id, is forgotten when deleted; its copy under the same id stays refused', async () => {
    watcher?.close();
    await writeFile(path.join(dir, 'tram-2025.md'), serializeArticle(article()));
    // A later copy with the same id, whose name sorts first: the engine serves the older file.
    await writeFile(path.join(dir, 'a-copie.md'), serializeArticle(article({ added: '2025-07-19T09:00:00Z', body: article().body.replace('douze rames', 'trente rames') })));
    engine = await Engine.fromDirectory(dir);
    watcher = await watchCorpus(dir, engine, { debounceMs: 50, warn: (m) => warnings.push(m) });
    await watcher.ready;
    expect(answerText('combien de rames de tramway à Quimper ?')).toContain('douze rames');

    await unlink(path.join(dir, 'a-copie.md'));
    await watcher.sync();
    expect(answerText('combien de rames de tramway à Quimper ?')).toContain('douze rames');
    await unlink(path.join(dir, 'tram-2025.md'));
    await until(() => !engine.articles().some((a) => a.id === 'quimper-tram'));
    expect(engine.articles().map((a) => a.id)).toEqual(['base']);
  });
});

describe('the running bot', () => {
  it('fetches FEEDS on demand (for the digest) and answers about what came in', async () => {
    watcher?.close();
    watcher = undefined;
    const site = await startNewsSite();
    try {
      const config = loadConfig({ FEEDS: `${site.base}/feeds/atom.xml`, DATA_DIR: path.join(dir, '.data'), FEEDS_SCHEDULE: '0 0 1 1 *', INGEST_ALLOW_PRIVATE: 'true' });
      const live = await startLiveIngest({ config, corpusDir: dir, engine, logger: silentLogger, debounceMs: 50 });
      try {
        expect(live.nextFetch()?.getUTCMonth()).toBe(0);
        const summary = await fetchFeedsNow();
        expect(summary).toMatchObject({ added: 2, failed: 0 });
        // Already in the engine when fetchFeedsNow resolves: the digest can compose right away.
        expect(answerText('how many parameters does the Northwind Labs model have?')).toContain('seven billion parameters');
      } finally {
        live.stop();
      }
      expect(await fetchFeedsNow()).toBeNull();
    } finally {
      await site.close();
    }
  });
});
