import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { loadCorpus, serializeArticle } from '../../src/core/corpus.js';
import { SearchIndex } from '../../src/core/search-index.js';
import { loadIndex, readSnapshot, snapshotKey, snapshotPath, writeSnapshot } from '../../src/core/snapshot.js';
import { synthesize } from '../../src/bench/synth.js';
import { corpusPath, realArticles } from '../helpers/corpus.js';

const QUESTIONS = [
  'how big is Hyperion',
  'combien de GPU Meta aura-t-il',
  'who runs Meta Superintelligence Labs',
  'quel est le salaire de Sam Altman',
  'how much will Meta spend on AI infrastructure',
  'where is Prometheus',
  'what is the capital of Peru',
  'Hypreion capacity',
];
const TOPICS = ['', 'Hyperion', 'Scale AI', 'llama4', 'superintelligence', 'Eiffel'];

async function tempCorpus(): Promise<{ corpus: string; data: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'veille-snapshot-'));
  const corpus = path.join(root, 'corpus');
  await mkdir(corpus);
  for (const name of await readdir(corpusPath)) if (name.endsWith('.md')) await copyFile(path.join(corpusPath, name), path.join(corpus, name));
  return { corpus, data: path.join(root, 'data') };
}

function notes() {
  const warn = vi.fn<(m: string) => void>();
  const info = vi.fn<(m: string) => void>();
  return { warn, info };
}

/** Everything a user can see of an engine, for comparing two of them. */
function behaviour(engine: Engine) {
  return {
    asks: QUESTIONS.map((q) => engine.ask(q)),
    more: QUESTIONS.map((q) => engine.ask(q, { offset: 1, limit: 5 })),
    sources: TOPICS.map((t) => engine.sources(t)),
    suggestions: ['', 'hy', 'zuk', 'meta'].map((p) => engine.suggestTopics(p)),
    articles: engine.articles(),
  };
}

/** Changes one section of a binary snapshot in place; with `rehash`, recomputes the checksum so that only consistency checks can tell. */
async function changeSection(file: string, name: string, change: (bytes: Uint8Array) => void, rehash: boolean): Promise<void> {
  const bytes = await readFile(file);
  const newline = bytes.indexOf(10);
  const header = JSON.parse(bytes.toString('utf8', 0, newline)) as { sha256: string; sections: { name: string; kind: string; offset: number; bytes: number }[] };
  const section = header.sections.find((s) => s.name === name)!;
  change(bytes.subarray(section.offset, section.offset + section.bytes));
  if (rehash) {
    const hash = createHash('sha256');
    for (const s of header.sections) if (s.kind !== 'text') hash.update(bytes.subarray(s.offset, s.offset + s.bytes));
    header.sha256 = hash.digest('hex');
    const line = JSON.stringify(header);
    bytes.fill(32, 0, newline);
    bytes.write(line, 0, 'utf8');
  }
  await writeFile(file, bytes);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('index snapshot', () => {
  it('is saved on the first load, and a loaded snapshot answers exactly like a fresh build', async () => {
    const dirs = await tempCorpus();
    const first = await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() });
    expect(first.from).toBe('build');
    expect((await stat(snapshotPath(dirs.data))).size).toBeGreaterThan(1000);

    const n = notes();
    const second = await loadIndex(dirs.corpus, { dataDir: dirs.data, ...n });
    expect(second.from).toBe('snapshot');
    expect(n.warn).not.toHaveBeenCalled();
    const fresh = Engine.fromArticles(await realArticles());
    expect(behaviour(Engine.fromIndex(second.index))).toEqual(behaviour(fresh));
    expect(second.index.passageCount).toBe(fresh.searchIndex.passageCount);
  });

  it('round-trips a larger synthetic corpus (hundreds of names) exactly', async () => {
    const synthetic = synthesize(await realArticles(), 60, 3);
    const built = SearchIndex.build(synthetic.articles);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'veille-snapshot-')), 'index.json');
    writeSnapshot(file, 'k', built, []);
    const read = readSnapshot(file, 'k');
    if (read.status !== 'loaded') throw new Error(`not loaded: ${JSON.stringify(read)}`);
    // The same data, the same passage texts (read back from the file), the same answers.
    expect(read.index.toState()).toEqual(built.toState());
    for (let id = 0; id < built.passageSlots; id++) expect(read.index.passageText(id)).toBe(built.passageText(id));
    const questions = synthetic.facts.slice(0, 15).flatMap((f) => [`how big is ${f.projects[0] ?? f.org}`, `combien d'employés chez ${f.org}`, `qui dirige ${f.org}`]);
    const fresh = Engine.fromIndex(built);
    const loaded = Engine.fromIndex(read.index);
    for (const q of questions) expect(loaded.ask(q)).toEqual(fresh.ask(q));
    for (const f of synthetic.facts.slice(0, 10)) expect(loaded.sources(f.org)).toEqual(fresh.sources(f.org));
  });

  it('reads back every passage text, with removed passages between them and a passage over 64 KB', async () => {
    const synthetic = synthesize(await realArticles(), 60, 3);
    const built = SearchIndex.build(synthetic.articles);
    // Texts are found by summing the lengths before them: holes (removed passages) and a length
    // past 16 bits must not shift them.
    for (const a of synthetic.articles.filter((_, i) => i % 7 === 3)) built.remove(a.id);
    const long = `Zorglub ${'construit une usine de batteries à Lyon. '.repeat(1800)}`.trim();
    expect(Buffer.byteLength(long)).toBeGreaterThan(65_536);
    built.add({ ...synthetic.articles[0], id: 'zorglub', title: 'Zorglub à Lyon', body: `Un premier paragraphe court.\n\n${long}\n\nUn dernier.` });
    const expected = Array.from({ length: built.passageSlots }, (_, id) => (built.articleIdOf(id) === undefined ? null : built.passageText(id)));
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'veille-snapshot-')), 'index.bin');
    writeSnapshot(file, 'k', built, [], { adoptTexts: true });
    const read = readSnapshot(file, 'k');
    if (read.status !== 'loaded') throw new Error(`not loaded: ${JSON.stringify(read)}`);
    for (const index of [built, read.index]) {
      const texts = Array.from({ length: index.passageSlots }, (_, id) => (index.articleIdOf(id) === undefined ? null : index.passageText(id)));
      expect(texts).toEqual(expected);
    }
    expect(expected.filter((t) => t === null).length).toBeGreaterThan(50);
    expect(expected).toContain(long);
    expect(read.index.search(['zorglub'], () => 1, 5).map((h) => read.index.passage(h.id).text)).toContain(long);
  });

  it('knows the words only titles and headings use, after a load and through live updates', async () => {
    const articles = await realArticles();
    const built = SearchIndex.build(articles);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'veille-snapshot-')), 'index.bin');
    writeSnapshot(file, 'k', built, []);
    const read = readSnapshot(file, 'k');
    if (read.status !== 'loaded') throw new Error(`not loaded: ${JSON.stringify(read)}`);
    const index = read.index;
    const titleOnly = [...new Set(articles.flatMap((a) => [...index.articles.get(a.id)!.titleTerms]))].filter((t) => !index.df.has(t));
    expect(titleOnly.length).toBeGreaterThan(0);
    for (const t of titleOnly) expect(index.has(t), t).toBe(true);
    expect(index.has('zorglubium')).toBe(false);
    index.add({ ...articles[0], id: 'zorglub', title: 'Le zorglubium arrive', body: '## Quarkonite\n\nUn texte sans ces mots.' });
    expect([index.has('zorglubium'), index.has('quarkon'), index.df.has('zorglubium')]).toEqual([true, true, false]);
    index.remove('zorglub');
    expect([index.has('zorglubium'), index.has('quarkon')]).toEqual([false, false]);
    for (const a of articles) index.remove(a.id);
    for (const t of titleOnly) expect(index.has(t), t).toBe(false);
  });

  it('round-trips long lists written as many lines of JSON (1,500 articles)', async () => {
    const built = SearchIndex.build(synthesize(await realArticles(), 1500, 4).articles);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'veille-snapshot-')), 'index.bin');
    writeSnapshot(file, 'k', built, []);
    const bytes = await readFile(file);
    const header = JSON.parse(bytes.toString('utf8', 0, bytes.indexOf(10))) as { sections: { name: string; offset: number; bytes: number }[] };
    const articles = header.sections.find((s) => s.name === 'articles')!;
    const lines = bytes.subarray(articles.offset, articles.offset + articles.bytes).toString('utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    const read = readSnapshot(file, 'k');
    if (read.status !== 'loaded') throw new Error(`not loaded: ${JSON.stringify(read)}`);
    expect(read.index.toState()).toEqual(built.toState());
  });

  it('an index that adopted its snapshot reads its texts from it and answers as before', async () => {
    const articles = await realArticles();
    const built = SearchIndex.build(articles);
    const fresh = Engine.fromArticles(articles);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'veille-snapshot-')), 'index.bin');
    writeSnapshot(file, 'k', built, [], { adoptTexts: true });
    // The file replaced under it (the next save) does not change what it reads.
    writeSnapshot(file, 'other', SearchIndex.build(articles.slice(0, 1)), []);
    expect(behaviour(Engine.fromIndex(built))).toEqual(behaviour(fresh));
  });

  it('keeps live updates working after a load: upsert and remove change answers as on a fresh engine', async () => {
    const dirs = await tempCorpus();
    await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() });
    const loaded = Engine.fromIndex((await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() })).index);
    const fresh = Engine.fromArticles(await realArticles());
    const [first, second] = await realArticles();
    const added = { ...second, id: 'zorglub-gigafactory', title: 'Zorglub ouvre une gigafactory', body: 'Zorglub ouvre une gigafactory de 12 gigawatts à Lyon.' };
    const changed = { ...first, body: `${first.body}\n\nMeta annonce aussi le projet Zorglub, d’une capacité de 3 gigawatts.` };
    for (const engine of [loaded, fresh]) {
      engine.upsert(added);
      engine.upsert(changed);
      engine.remove(second.id);
    }
    expect(loaded.ask('how big is Zorglub')).toEqual(fresh.ask('how big is Zorglub'));
    expect(loaded.ask('how big is Zorglub').answered).toBe(true);
    expect(behaviour(loaded)).toEqual(behaviour(fresh));
    expect(loaded.articles().map((a) => a.id)).not.toContain(second.id);
  });

  it('rebuilds when the corpus changed (stale key), saying so once as routine (not a warning), and answers from the new corpus', async () => {
    const dirs = await tempCorpus();
    await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() });
    const [name] = (await readdir(dirs.corpus)).sort();
    await appendFile(path.join(dirs.corpus, name), '\nLe projet Zorglub atteindra une capacité de 9 gigawatts.\n');
    const n = notes();
    const reloaded = await loadIndex(dirs.corpus, { dataDir: dirs.data, ...n });
    expect(reloaded.from).toBe('build');
    expect(n.warn).not.toHaveBeenCalled();
    expect(n.info.mock.calls[0][0]).toMatch(/out of date .*: building the index of 5 corpus files/);
    expect(Engine.fromIndex(reloaded.index).ask('how big is Zorglub').answered).toBe(true);
    // …and the new snapshot is the one used next time.
    expect((await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() })).from).toBe('snapshot');
  });

  it('treats a snapshot of another key (analyzer or format change) as stale', async () => {
    const dirs = await tempCorpus();
    const keyed = await snapshotKey(dirs.corpus);
    if (!('key' in keyed)) throw new Error('no key');
    const index = SearchIndex.build((await loadCorpus(dirs.corpus)).articles);
    writeSnapshot(snapshotPath(dirs.data), 'an-older-analyzer', index, []);
    expect(readSnapshot(snapshotPath(dirs.data), keyed.key).status).toBe('stale');
    const n = notes();
    expect((await loadIndex(dirs.corpus, { dataDir: dirs.data, ...n })).from).toBe('build');
    expect(n.warn).not.toHaveBeenCalled();
    expect(n.info.mock.calls.map((c) => c[0])[0]).toMatch(/out of date/);
  });

  it('skipped files are reported again when the snapshot is used', async () => {
    const dirs = await tempCorpus();
    await writeFile(path.join(dirs.corpus, 'broken.md'), '---\nid: Not A Slug\n---\n\nText.\n');
    const built = await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() });
    const loaded = await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() });
    expect(loaded.from).toBe('snapshot');
    expect(loaded.problems).toEqual(built.problems);
    expect(new Set(loaded.problems.map((p) => p.file))).toEqual(new Set([path.join(dirs.corpus, 'broken.md')]));
  });

  describe('a corrupt snapshot is rebuilt, never trusted, and never crashes the load', () => {
    const corruptions: [string, (file: string) => Promise<void>][] = [
      ['not JSON', (f) => writeFile(f, 'garbage\n')],
      ['empty', (f) => writeFile(f, '')],
      ['truncated', async (f) => writeFile(f, (await readFile(f)).subarray(0, -50))],
      ['one byte changed inside the postings', (f) => changeSection(f, 'postings', (bytes) => (bytes[Math.floor(bytes.length / 2)] ^= 0x55), false)],
      ['one byte changed inside the metadata', (f) => changeSection(f, 'meta', (bytes) => (bytes[0] = '['.charCodeAt(0)), false)],
      // Checksum recomputed: only the consistency checks can tell.
      ['consistent checksum, wrong passage ids', (f) => changeSection(f, 'passageIds', (bytes) => new Int32Array(bytes.buffer, bytes.byteOffset, 1).fill(9999), true)],
      ['consistent checksum, vocabulary out of order', (f) => changeSection(f, 'vocabularySorted', (bytes) => new Int32Array(bytes.buffer, bytes.byteOffset, 2).reverse(), true)],
      ['consistent checksum, postings out of order', (f) => changeSection(f, 'termLengths', (bytes) => new Int32Array(bytes.buffer, bytes.byteOffset, 1).fill(1 << 30), true)],
      ['the old JSON layout under the new name', (f) => writeFile(f, '{"format":2,"key":"x","sections":[1]}\n{}\n')],
    ];
    for (const [what, corrupt] of corruptions)
      it(what, async () => {
        const dirs = await tempCorpus();
        await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() });
        await corrupt(snapshotPath(dirs.data));
        const n = notes();
        const loaded = await loadIndex(dirs.corpus, { dataDir: dirs.data, ...n });
        expect(loaded.from).toBe('build');
        if (what.startsWith('the old JSON')) expect(n.warn).not.toHaveBeenCalled();
        else {
          expect(n.warn).toHaveBeenCalledTimes(1);
          expect(n.warn.mock.calls[0][0]).toMatch(/corrupt \(.+\): building the index/);
        }
        expect(Engine.fromIndex(loaded.index).ask('how big is Hyperion').answered).toBe(true);
        expect((await loadIndex(dirs.corpus, { dataDir: dirs.data, ...notes() })).from).toBe('snapshot');
      });
  });

  describe('writes are atomic', () => {
    async function written() {
      const dir = await mkdtemp(path.join(tmpdir(), 'veille-snapshot-'));
      const file = path.join(dir, 'index-snapshot.bin');
      const index = SearchIndex.build(await realArticles());
      writeSnapshot(file, 'good', index, []);
      return { dir, file, index, before: await readFile(file) };
    }

    it('leaves the previous snapshot and no temporary file when writing fails halfway', async () => {
      const { dir, file, index, before } = await written();
      let calls = 0;
      const text = index.passageText.bind(index);
      vi.spyOn(index, 'passageText').mockImplementation((id) => {
        if (++calls > 20) throw new Error('disk on fire');
        return text(id);
      });
      expect(() => writeSnapshot(file, 'new', index, [])).toThrow(/disk on fire/);
      expect(await readFile(file)).toEqual(before);
      expect(await readdir(dir)).toEqual(['index-snapshot.bin']);
      expect(readSnapshot(file, 'good').status).toBe('loaded');
    });

    it('removes its temporary file when the final rename fails', async () => {
      const { dir } = await written();
      // The target is a folder that is not empty: writing succeeds, the rename over it cannot.
      const target = path.join(dir, 'taken');
      await mkdir(target);
      await writeFile(path.join(target, 'x'), 'x');
      expect(() => writeSnapshot(target, 'k', SearchIndex.build([]), [])).toThrow();
      expect((await readdir(dir)).sort()).toEqual(['index-snapshot.bin', 'taken']);
    });

    it('a load whose save fails still answers, and warns once', async () => {
      const dirs = await tempCorpus();
      await writeFile(dirs.data, 'a file where the data folder should be');
      const n = notes();
      const loaded = await loadIndex(dirs.corpus, { dataDir: dirs.data, ...n });
      expect(loaded.from).toBe('build');
      expect(n.warn.mock.calls.map((c) => c[0])).toEqual([expect.stringMatching(/cannot save the index snapshot/)]);
      expect(Engine.fromIndex(loaded.index).ask('how big is Hyperion').answered).toBe(true);
    });
  });

  it('the key is the same for the same files, and changes when a file is added or rewritten', async () => {
    const dirs = await tempCorpus();
    const keyOf = async () => {
      const k = await snapshotKey(dirs.corpus);
      if (!('key' in k)) throw new Error('no key');
      return k.key;
    };
    const key = await keyOf();
    expect(await keyOf()).toBe(key);
    const [a] = await realArticles();
    await writeFile(path.join(dirs.corpus, 'zz-extra.md'), serializeArticle({ ...a, id: 'extra' }));
    const withExtra = await keyOf();
    expect(withExtra).not.toBe(key);
    // Same size, new contents: the modification time tells.
    const file = path.join(dirs.corpus, 'zz-extra.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('Meta', 'Mota'));
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect(await keyOf()).not.toBe(withExtra);
  });
});
