// Exactly once across a crash: a real process claims the day's digest and dies (process.exit)
// before marking it; a restart against the same database posts it once, never twice. The same
// behaviour on the embedded SQLite file and on PostgreSQL (a real server started by the test).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { tempStore } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

function bot(db: string, postsFile: string, crash?: 'before-post' | 'after-post') {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/digest/crash-child.ts', db, postsFile], {
    env: { ...process.env, CRASH: crash ?? '', LEASE_MS: '400' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: child.status, run: child.stdout.trim() ? JSON.parse(child.stdout.trim().split('\n').pop()!) : null, stderr: child.stderr };
}

/** The same bot, not waited for: to run two at once. */
function botAsync(db: string, postsFile: string, crash?: 'before-post' | 'after-post'): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/digest/crash-child.ts', db, postsFile], {
    env: { ...process.env, CRASH: crash ?? '', LEASE_MS: '400' },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

const posts = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

/** A database of each kind, and a file for the posts. */
const backends: [string, () => Promise<{ db: string; postsFile: string }>][] = [
  [
    'SQLite',
    async () => {
      const { dir, file, store, cleanup } = tempStore();
      store.close();
      cleanups.push(cleanup);
      return { db: file, postsFile: path.join(dir, 'posts.txt') };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'veille-crash-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return { db: await server!.createDatabase(), postsFile: path.join(dir, 'posts.txt') };
    },
  ],
];

describe.each(backends)('exactly once across a crash (%s)', (_name, database) => {
  it('dies after posting, before marking: the restart does not post again', async () => {
    const { db, postsFile } = await database();
    expect(bot(db, postsFile, 'after-post').code).toBe(3);
    expect(posts(postsFile)).toHaveLength(1);
    const restart = bot(db, postsFile);
    expect(restart.code, restart.stderr).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
    expect(restart.run).toMatchObject({ status: 'delivered' });
    expect(restart.run.messageIds).toHaveLength(1);
    // And once more for good measure.
    expect(bot(db, postsFile).code).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
  });

  it('dies after claiming, before posting: the restart posts it once (after the lease)', async () => {
    const { db, postsFile } = await database();
    expect(bot(db, postsFile, 'before-post').code).toBe(3);
    expect(posts(postsFile)).toHaveLength(0);
    const restart = bot(db, postsFile);
    expect(restart.code, restart.stderr).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
    expect(restart.run).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(bot(db, postsFile).code).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
  });

  it('two bots start at the same instant and the one that claims dies before posting: the other posts it, once', async () => {
    const { db, postsFile } = await database();
    const codes = await Promise.all([botAsync(db, postsFile, 'before-post'), botAsync(db, postsFile)]);
    expect(posts(postsFile)).toHaveLength(1);
    // The survivor posted it, whether it claimed first or took over the dead one's claim.
    expect(codes).toContain(0);
    expect(bot(db, postsFile).run).toMatchObject({ status: 'delivered' });
    expect(posts(postsFile)).toHaveLength(1);
  });
});
