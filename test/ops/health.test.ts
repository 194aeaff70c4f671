// /healthz and /metrics, by real HTTP requests: against the server module over a Health and Metrics
// of its own, then against a running bot (`veille start`) serving Discord from a loopback fake.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Health } from '../../src/ops/health.js';
import { Metrics } from '../../src/ops/metrics.js';
import { startOpsServer } from '../../src/ops/server.js';
import { silentLogger } from '../../src/log.js';
import { root } from '../helpers/corpus.js';
import { APP_ID, FakeDiscord, TOKEN, slashCommand } from '../adapters/discord/fake-discord.js';

async function get(port: number, path: string) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The value of one sample in Prometheus text, e.g. metric('veille_questions_total{platform="discord",outcome="answered"}'). */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('the health and metrics server', () => {
  it('/healthz: 503 naming the parts down until every part is up; degraded is still healthy', async () => {
    const health = new Health();
    const server = await startOpsServer({ port: 0, host: '127.0.0.1', health, metrics: new Metrics(), logger: silentLogger });
    try {
      health.expect('engine', 'loading the corpus');
      health.expect('slack');
      let r = await get(server.port, '/healthz');
      expect(r.status).toBe(503);
      expect(JSON.parse(r.text)).toMatchObject({ status: 'down', down: ['engine', 'slack'], parts: { engine: { status: 'down', detail: 'loading the corpus' } } });
      health.up('engine');
      health.up('slack');
      health.degraded('state', 'state file unreadable: serving from memory');
      r = await get(server.port, '/healthz');
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toMatchObject({ status: 'ok', down: [], parts: { state: { status: 'degraded', detail: 'state file unreadable: serving from memory' } } });
      health.down('slack', 'Socket Mode reconnecting');
      r = await get(server.port, '/healthz');
      expect(r.status).toBe(503);
      expect(JSON.parse(r.text).down).toEqual(['slack']);
      expect((await get(server.port, '/nope')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('/metrics: Prometheus text with every series the operator graphs', async () => {
    const metrics = new Metrics();
    metrics.countArticles = () => 42;
    metrics.questions.inc({ platform: 'slack', outcome: 'answered' });
    metrics.digests.inc({ outcome: 'failed' });
    metrics.ingestItems.inc({ outcome: 'added' }, 3);
    metrics.indexSeconds.set({ from: 'snapshot' }, 0.25);
    const server = await startOpsServer({ port: 0, host: '127.0.0.1', health: new Health(), metrics, logger: silentLogger });
    try {
      const r = await get(server.port, '/metrics');
      expect(r.status).toBe(200);
      expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(sample(r.text, 'veille_questions_total{platform="slack",outcome="answered"}')).toBe(1);
      expect(sample(r.text, 'veille_digests_total{outcome="failed"}')).toBe(1);
      expect(sample(r.text, 'veille_ingest_items_total{outcome="added"}')).toBe(3);
      expect(sample(r.text, 'veille_corpus_articles')).toBe(42);
      expect(sample(r.text, 'veille_index_seconds{from="snapshot"}')).toBe(0.25);
      for (const family of ['veille_command_duration_seconds', 'veille_rate_limited_total']) expect(r.text).toContain(`# TYPE ${family} `);
    } finally {
      await server.close();
    }
  });
});

let child: ChildProcess | undefined;
afterEach(() => child?.kill('SIGKILL'));

describe('a running bot', () => {
  it('reports Discord and the engine up, counts and logs each question (no text), and names Discord when it drops', async () => {
    const discord = await new FakeDiscord().start();
    try {
      let logs = '';
      child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'start'], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATA_DIR: mkdtempSync(path.join(tmpdir(), 'veille-health-')),
          DISCORD_TOKEN: TOKEN,
          DISCORD_APPLICATION_ID: APP_ID,
          DISCORD_API_URL: discord.apiUrl,
          HEALTH_PORT: '0',
          RATE_LIMIT_COUNT: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => (logs += d));
      child.stderr!.on('data', (d) => (logs += d));
      const lines = () => logs.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      await expect.poll(() => lines().some((l) => l.msg === 'platform started'), { timeout: 30_000 }).toBe(true);
      const port = lines().find((l) => typeof l.msg === 'string' && l.msg.startsWith('health and metrics'))!.port as number;

      const healthy = await get(port, '/healthz');
      expect(healthy.status).toBe(200);
      expect(JSON.parse(healthy.text).parts).toMatchObject({ engine: { status: 'up' }, discord: { status: 'up' } });

      discord.dispatch('INTERACTION_CREATE', slashCommand('ask', [{ name: 'question', type: 3, value: 'how big is Hyperion' }]));
      await discord.waitFor((r) => /\/interactions\/.*\/callback$/.test(r.path));
      discord.dispatch('INTERACTION_CREATE', slashCommand('ask', [{ name: 'question', type: 3, value: 'how tall is the Eiffel Tower' }]));
      await expect.poll(() => lines().filter((l) => l.msg === 'command handled').length, { timeout: 10_000 }).toBe(2);

      const handled = lines().filter((l) => l.msg === 'command handled');
      expect(handled[0]).toMatchObject({ level: 30, platform: 'discord', command: 'ask', answered: true, outcome: 'answered', ms: expect.any(Number) });
      expect(handled[1]).toMatchObject({ platform: 'discord', command: 'ask', answered: false, outcome: 'rate-limited' });
      expect(logs).not.toContain('how big is Hyperion');

      const m = await get(port, '/metrics');
      expect(sample(m.text, 'veille_questions_total{platform="discord",outcome="answered"}')).toBe(1);
      expect(sample(m.text, 'veille_questions_total{platform="discord",outcome="rate-limited"}')).toBe(1);
      expect(sample(m.text, 'veille_rate_limited_total{platform="discord"}')).toBe(1);
      expect(sample(m.text, 'veille_command_duration_seconds_count{platform="discord",command="ask"}')).toBe(2);
      expect(sample(m.text, 'veille_corpus_articles')).toBe(5);
      expect(sample(m.text, 'veille_index_seconds{from="build"}')).toBeGreaterThan(0);

      // An unrecoverable close (4004: authentication failed) leaves a Discord-only bot nothing to
      // serve: it exits non-zero so that a supervisor notices (next to Slack, /healthz names it:
      // test/platform-down.test.ts).
      const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
      discord.dropGateway(4004);
      expect(await exited).toBe(1);
    } finally {
      await discord.close();
    }
  }, 60_000);
});
