// `veille ingest` as a user runs it: progress on stderr, a summary line, the exit code.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNewsSite, type NewsSite } from './server.js';
import { sandbox, type Sandbox } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let site: NewsSite;
let box: Sandbox;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(() => site.close());
beforeEach(async () => {
  box = await sandbox();
});
afterEach(() => box.cleanup());

function veille(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CORPUS_DIR: box.corpus, DATA_DIR: box.data, INGEST_TIMEOUT_MS: '500', INGEST_ALLOW_PRIVATE: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('veille ingest', () => {
  it('prints progress and a summary, and exits 1 when an item failed', async () => {
    const r = await veille(['ingest', `${site.base}/en/news/tidal.html`, `${site.base}/missing.html`, `${site.base}/en/news/tidal.html?utm_source=x`]);
    expect(r.stdout).toBe('ingest: 1 added, 1 already in the corpus, 1 failed\n');
    expect(r.stderr).toContain(`[1/3] added`);
    expect(r.stderr).toContain('tidewater-compute-opens-a-tidal-powered-data-centre-in-orkney.md: Tidewater Compute opens a tidal-powered data centre in Orkney');
    expect(r.stderr).toContain(`[2/3, 1 failed] failed: ${site.base}/missing.html: HTTP 404 Not Found`);
    expect(r.stderr).toContain(`[3/3, 1 failed] already in the corpus as tidewater-compute-opens-a-tidal-powered-data-centre-in-orkney (same url)`);
    expect(r.code).toBe(1);
  });

  it('exits 0 when everything went in; --feeds reads FEEDS', async () => {
    const r = await veille(['ingest', '--feeds'], { FEEDS: `${site.base}/feeds/rss.xml, ${site.base}/feeds/atom.xml` });
    expect(r.stdout).toBe('ingest: 4 added, 1 already in the corpus, 0 failed\n');
    expect(r.stderr).toContain(`feed ${site.base}/feeds/rss.xml: 3 items, 3 new`);
    expect(r.code).toBe(0);
    const again = await veille(['ingest', '--feed', `${site.base}/feeds/atom.xml`], { FEEDS: '' });
    expect(again.stderr).toContain('not modified since the last fetch');
    expect(again.stdout).toBe('ingest: 0 added, 0 already in the corpus, 0 failed\n');
    expect(again.code).toBe(0);
  });

  it('a feed that is not XML fails with one line', async () => {
    const r = await veille(['ingest', '--feed', `${site.base}/feeds/broken.xml`]);
    expect(r.stderr).toMatch(/^\[1\/1, 1 failed\] failed: http:\/\/127\.0\.0\.1:\d+\/feeds\/broken\.xml: feed: not a feed \(RSS, Atom, RSS 1\.0\/RDF or JSON Feed\): not XML/m);
    expect(r.stdout).toBe('ingest: 0 added, 0 already in the corpus, 1 failed\n');
    expect(r.code).toBe(1);
  });

  it('--feeds with no FEEDS, and no input, are usage errors', async () => {
    expect((await veille(['ingest', '--feeds'])).stderr).toContain('FEEDS is empty');
    const none = await veille(['ingest']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Nothing to ingest.');
  });
});
