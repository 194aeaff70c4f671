// Every page exactly once across kill -9 (crash.test.ts covers process.exit on SQLite and PostgreSQL): a real process claims the day's digest and is killed at a point of
// the delivery protocol; a restart against the same SQLite file posts every page exactly once, at
// once (it knows its predecessor is dead: no waiting for the lease). For the file-backed delivery,
// and for the real Slack and Discord deliveries against their fakes, whose channels are read back.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crashDigest, tempStore } from './helpers.js';
import { FakeSlack, BOT_TOKEN, SIGNING_SECRET } from '../adapters/slack/fake-slack.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, TOKEN } from '../adapters/discord/fake-discord.js';
import { digestMessages } from '../../src/adapters/slack/blocks.js';
import { renderDigest } from '../../src/adapters/discord/render.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Runs the bot process to its end (or its kill); `env` adds to the child's environment. */
function bot(dbFile: string, postsFile: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; signal: string | null; run: any; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/digest/crash-platform-child.ts', dbFile, postsFile], {
      env: { ...process.env, CRASH: '', LEASE_MS: '400', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop();
      resolve({ code, signal, run: last ? JSON.parse(last) : null, stderr });
    });
  });
}

const posts = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

function fresh() {
  const { dir, file, store, cleanup } = tempStore();
  store.close();
  cleanups.push(cleanup);
  return { file, postsFile: path.join(dir, 'posts.txt') };
}

describe('exactly once across kill -9 (one-message digest)', () => {
  it('killed after posting, before recording: the restart finds nothing to post again', async () => {
    const { file, postsFile } = fresh();
    expect((await bot(file, postsFile, { CRASH: 'posted' })).signal).toBe('SIGKILL');
    expect(posts(postsFile)).toHaveLength(1);
    const restart = await bot(file, postsFile);
    expect(restart.code, restart.stderr).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
    expect(restart.run).toMatchObject({ status: 'delivered' });
    expect(restart.run.messageIds).toHaveLength(1);
    expect((await bot(file, postsFile)).code).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
  });

  it('killed after claiming, before posting: the restart takes its own dead claim over at once, without waiting for the lease', async () => {
    const { file, postsFile } = fresh();
    expect((await bot(file, postsFile, { CRASH: 'claimed', LEASE_MS: '600000' })).signal).toBe('SIGKILL');
    expect(posts(postsFile)).toHaveLength(0);
    const restart = await bot(file, postsFile, { LEASE_MS: '600000' });
    expect(restart.code, restart.stderr).toBe(0);
    expect(posts(postsFile)).toHaveLength(1);
    expect(restart.run).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

describe('every page exactly once across kill -9, on the real platforms’ deliveries', () => {
  let slack: FakeSlack;
  let discord: FakeDiscord;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    discord = await new FakeDiscord().start();
  });
  afterAll(async () => {
    await slack.stop();
    await discord.close();
  });

  // 40 articles: 3 Slack pages (50 blocks each), 4 Discord pages (10 embeds each).
  const ARTICLES = 40;
  const sample = crashDigest(new Date(0), new Date(), ARTICLES);
  const platforms = [
    {
      name: 'slack',
      pages: digestMessages(sample).length,
      env: (channel: string) => ({ PLATFORM: 'slack', CHANNEL: channel, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl }),
      posted: (channel: string) => (slack.channelMessages.get(channel) ?? []).map((m) => m.text as string),
    },
    {
      name: 'discord',
      pages: renderDigest(sample).length,
      env: (channel: string) => ({ PLATFORM: 'discord', CHANNEL: channel, DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.apiUrl }),
      posted: (channel: string) => discord.channelMessages.filter((m) => m.channel === channel).map((m) => m.message.content as string),
    },
  ];
  const points = ['claimed', 'accepted:0', 'recorded:0', 'accepted:1', 'recorded:1', 'posted'];
  let n = 0;

  it('the sample digest has several pages on both platforms', () => {
    expect(platforms.map((p) => p.pages)).toEqual([3, 4]);
  });

  for (const p of platforms)
    for (const point of points)
      it(`${p.name}: killed at "${point}", the restart posts each page once, at once`, async () => {
        const { file, postsFile } = fresh();
        // A channel of its own per case (Discord's are snowflakes).
        const channel = p.name === 'discord' ? (BigInt(CHANNEL_ID) + BigInt(++n)).toString() : `C${++n}`;
        const env = { ...p.env(channel), ARTICLES: String(ARTICLES), LEASE_MS: '600000' };
        const killed = await bot(file, postsFile, { ...env, CRASH: point });
        expect(killed.signal, killed.stderr).toBe('SIGKILL');
        const restart = await bot(file, postsFile, env);
        expect(restart.code, restart.stderr).toBe(0);
        expect(restart.run).toMatchObject({ status: 'delivered' });
        const posted = p.posted(channel);
        expect(posted).toHaveLength(p.pages);
        expect(new Set(posted).size).toBe(p.pages);
        expect(restart.run.messageIds).toHaveLength(p.pages);
      });
});
