// What may be read as a corpus file: regular files only (a FIFO must not hang `veille check`, the
// bot's start or its live reindex), within a size limit, text without NUL or control bytes; and
// of two files with one id, the newer is the duplicate.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusPath, root } from '../helpers/corpus.js';
import { loadCorpus, serializeArticle } from '../../src/core/corpus.js';
import { Engine } from '../../src/core/engine.js';
import { watchCorpus } from '../../src/ingest/watch.js';
import { loadConfig } from '../../src/config.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function corpusCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veille-files-'));
  dirs.push(dir);
  for (const f of await readdir(corpusPath)) await copyFile(path.join(corpusPath, f), path.join(dir, f));
  return dir;
}

const article = (id: string, body: string) =>
  serializeArticle({ id, title: `Article ${id}`, source: null, url: null, date: null, lang: 'en', added: '2026-01-01T00:00:00Z', body });

function check(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'check'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', CORPUS_DIR: dir, ...env },
    timeout: 30_000,
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

describe('veille check on files that are not articles', () => {
  it('a FIFO named *.md is skipped and named, without hanging; NUL bytes and oversized files are refused', async () => {
    const dir = await corpusCopy();
    execFileSync('mkfifo', [path.join(dir, 'pipe.md')]);
    await writeFile(path.join(dir, 'nul.md'), article('nul-bytes', 'A sentence about Meta.\n\nAnother one\u0000 with a NUL byte.'));
    await writeFile(path.join(dir, 'big.md'), article('big-one', 'Meta builds data centres. '.repeat(1000)));
    const r = check(dir, { CORPUS_MAX_FILE_BYTES: '20000' });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path.join(dir, 'pipe.md')}: is a FIFO, not a regular file: skipped`);
    expect(r.err).toContain(`${path.join(dir, 'nul.md')}: holds a control character (U+0000, NUL) on line 13: not a text article`);
    expect(r.err).toMatch(new RegExp(`${path.join(dir, 'big.md')}: is too large: 26 KB \\(limit 20 KB, CORPUS_MAX_FILE_BYTES\\): skipped`));
    expect(r.out).toMatch(/5 article\(s\) valid, 3 problem\(s\)/);
  });

  it('the size limit is 2 MB by default and validated at start', async () => {
    const dir = await corpusCopy();
    await writeFile(path.join(dir, 'big.md'), article('big-one', 'Meta builds data centres. '.repeat(90_000)));
    expect(check(dir).err).toMatch(/big\.md: is too large: 2\.2 MB \(limit 2\.0 MB, CORPUS_MAX_FILE_BYTES\)/);
    expect(() => loadConfig({ CORPUS_MAX_FILE_BYTES: 'lots' })).toThrow(/CORPUS_MAX_FILE_BYTES must be a positive whole number/);
  });
});

describe('duplicate ids', () => {
  it('the newer file is the duplicate, whatever its name', async () => {
    const dir = await corpusCopy();
    const [shipped] = (await readdir(dir)).sort();
    // A copy whose name sorts first, written after the shipped file.
    const copy = path.join(dir, '0-copy.md');
    await writeFile(copy, await readFile(path.join(dir, shipped), 'utf8'));
    const past = new Date('2025-01-01T00:00:00Z');
    await utimes(path.join(dir, shipped), past, past);
    const { problems } = await loadCorpus(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe(copy);
    expect(problems[0].message).toContain(`is already used by ${path.join(dir, shipped)}`);
  });
});

describe('the live reindex', () => {
  it('skips a FIFO and an oversized file with a warning, and keeps serving', async () => {
    const dir = await corpusCopy();
    const engine = await Engine.fromDirectory(dir);
    const warnings: string[] = [];
    // No pass on events: the test's own passes are the ones it reads (a pass on the FIFO's event
    // could otherwise see it first, on a loaded machine).
    const watcher = await watchCorpus(dir, engine, { debounceMs: 60_000, warn: (m) => warnings.push(m) });
    await watcher.ready;
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.md')]);
      await writeFile(path.join(dir, 'huge.md'), article('huge-one', 'Zorglub builds data centres. '.repeat(80_000)));
      const report = await watcher.sync();
      expect(report.skipped.sort()).toEqual(['huge.md', 'pipe.md']);
      expect(warnings.join('\n')).toContain('pipe.md: is a FIFO, not a regular file');
      expect(warnings.join('\n')).toMatch(/huge\.md: is too large: 2\.2 MB \(limit 2\.0 MB/);
      expect(engine.ask('how big is Hyperion').answered).toBe(true);
      // Said once, not at every sync.
      const count = warnings.length;
      await watcher.sync();
      expect(warnings).toHaveLength(count);
    } finally {
      watcher.close();
    }
  });
});
