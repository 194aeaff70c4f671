// Exactly once across a crash: a real process claims the day's digest and dies (process.exit)
// before marking it; a restart against the same SQLite file posts it once, never twice.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function bot(dbFile: string, postsFile: string, crash?: 'before-post' | 'after-post') {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/digest/crash-child.ts', dbFile, postsFile], {
    env: { ...process.env, CRASH: crash ?? '', LEASE_MS: '400' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: child.status, run: child.stdout.trim() ? JSON.parse(child.stdout.trim().split('\n').pop()!) : null, stderr: child.stderr };
}

const posts = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('exactly once across a crash', () => {
  it('dies after posting, before marking: the restart does not post again', () => {
    const { dir, file, store, cleanup } = tempStore();
    store.close();
    cleanups.push(cleanup);
    const postsFile = path.join(dir, 'posts.txt');
    expect(bot(file, postsFile, 'after-post').code).toBe(3);
    expect(posts(postsFile)).toHaveLength(1);
    const restart = bot(file, postsFile);
    expect(restart.code, restart.stderr).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
    expect(restart.run).toMatchObject({ status: 'delivered' });
    expect(restart.run.messageIds).toHaveLength(1);
    // And once more for good measure.
    expect(bot(file, postsFile).code).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
  });

  it('dies after claiming, before posting: the restart posts it once (after the lease)', () => {
    const { dir, file, store, cleanup } = tempStore();
    store.close();
    cleanups.push(cleanup);
    const postsFile = path.join(dir, 'posts.txt');
    expect(bot(file, postsFile, 'before-post').code).toBe(3);
    expect(posts(postsFile)).toHaveLength(0);
    const restart = bot(file, postsFile);
    expect(restart.code, restart.stderr).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
    expect(restart.run).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(bot(file, postsFile).code).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
  });
});
