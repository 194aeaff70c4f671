// Several replicas on one PostgreSQL, as docs/scaling.md runs them: two real bot processes
// (`veille start`, configured by their environment only) share a database started by the test, the
// corpus folder, the loopback Discord and Slack fakes and a loopback news site. Each (channel, day)
// digest is posted once, each scheduled feed fetch happens on one replica, and an article ingested
// by one replica is answered by the other within seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PgStateStore } from '../src/state/postgres.js';
import { localDay } from '../src/digest/schedule.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, TOKEN } from './adapters/discord/fake-discord.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, deliver, slashCommand } from './adapters/slack/fake-slack.js';
import { corpusPath, root } from './helpers/corpus.js';
import { startPostgres } from './helpers/postgres.js';
import { startNewsSite } from './ingest/server.js';
import { zoneWhereTheDayHasBegun } from './digest/helpers.js';
import { freePort } from './helpers/ports.js';

// `npm start` is `veille start`: the CLI entry with the start command.
const cli = path.join(root, 'src/cli.ts');

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Replica {
  name: string;
  port: number;
  logs(): string;
  /** The parsed JSON log lines with this message. */
  lines(msg: string): any[];
  waitFor(test: () => boolean, what: string, ms?: number): Promise<void>;
  stop(): Promise<number | null>;
}

function startReplica(name: string, port: number, env: Record<string, string>): Replica {
  let logs = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', cli, 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (logs += d));
  child.stderr!.on('data', (d) => (logs += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(() => child.kill('SIGKILL'));
  const lines = (msg: string) =>
    logs
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === msg);
  return {
    name,
    port,
    logs: () => logs,
    lines,
    async waitFor(test, what, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`${name}: no ${what} within ${ms} ms; logs:\n${logs}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('two replicas on one PostgreSQL', () => {
  it('post each digest once, fetch each scheduled slot once, and answer what the other one ingested', async () => {
    const [pg, discord, slack, site] = await Promise.all([startPostgres(), new FakeDiscord().start(), new FakeSlack().start(), startNewsSite()]);
    cleanups.push(() => pg.stop(), () => discord.close(), () => slack.stop(), () => site.close());
    const url = await pg.createDatabase();
    const shared = mkdtempSync(path.join(tmpdir(), 'veille-replicas-'));
    cleanups.push(() => rmSync(shared, { recursive: true, force: true }));
    const corpus = path.join(shared, 'corpus');
    cpSync(corpusPath, corpus, { recursive: true });

    // Both channels subscribed long ago for 00:00: today's digests are due, and both replicas
    // catch them up at the same instant when they start.
    const timezone = zoneWhereTheDayHasBegun();
    const seed = await PgStateStore.connect(url);
    cleanups.push(() => seed.close());
    for (const [platform, channel] of [['discord', CHANNEL_ID], ['slack', 'C111']])
      await seed.subscribe({ platform, channel, time: '00:00', timezone, createdBy: 'U1', createdAt: '2020-01-01T00:00:00.000Z' });

    const env = {
      DATABASE_URL: url,
      CORPUS_DIR: corpus,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      FEEDS: `${site.base}/feeds/rss.xml`,
      // The news site and the fakes are on loopback.
      INGEST_ALLOW_PRIVATE: 'true',
      SLACK_RESPONSE_URL_HOSTS: '127.0.0.1',
      // Every 3 seconds, so that the test sees several slots.
      FEEDS_SCHEDULE: '*/3 * * * * *',
      DIGEST_QUIET_DAY: 'post',
    };
    const [portA, portB] = [await freePort(), await freePort()];
    const replicas = [
      startReplica('A', portA, { ...env, DATA_DIR: path.join(shared, 'data-a') }),
      startReplica('B', portB, { ...env, DATA_DIR: path.join(shared, 'data-b') }),
    ];
    const all = (msg: string) => replicas.flatMap((r) => r.lines(msg));
    const scheduled = () => all('feeds fetched').filter((l) => l.trigger === 'schedule');
    const fetchedSlots = () => new Set(scheduled().map((l) => l.slot));
    await replicas[0].waitFor(() => fetchedSlots().size >= 3, 'three scheduled fetches', 60_000);
    // Let both replicas finish with the last slot.
    await new Promise((r) => setTimeout(r, 1000));

    // The digests: one run per channel and day, and every message in the channel is that run's.
    const day = localDay(new Date(), timezone);
    const discordRun = await seed.run('discord', CHANNEL_ID, day);
    const slackRun = await seed.run('slack', 'C111', day);
    expect(discordRun).toMatchObject({ status: 'delivered' });
    expect(slackRun).toMatchObject({ status: 'delivered' });
    expect(discord.channelMessages.filter((m) => m.channel === CHANNEL_ID).map((m) => m.message.id)).toEqual(discordRun!.messageIds);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(slackRun!.messageIds.length);
    expect(discordRun!.messageIds.length).toBeGreaterThan(0);
    expect(all('digest: delivered')).toHaveLength(2);

    // The feeds: each scheduled slot fetched by one replica only, and every request to the feed
    // belongs to a fetch some replica logged (none done twice behind the other's back).
    const slots = scheduled().map((l) => l.slot);
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(new Set(slots).size).toBe(slots.length);
    expect(all('feeds: this schedule is fetched by another replica').length).toBeGreaterThanOrEqual(2);
    expect(site.hits.get('/feeds/rss.xml')).toBe(all('feeds fetched').length);
    // The three articles of the feed were written once, by one replica.
    const added = all('feeds fetched').filter((l) => l.added > 0);
    expect(added).toHaveLength(1);
    expect(added[0].added).toBe(3);

    // The feeds' state is the database's, shared: no replica keeps its own.
    const feedState = (await seed.feedStateDocument().read()) as { feeds: Record<string, { seen: Record<string, string> }> };
    expect(Object.keys(feedState.feeds[env.FEEDS].seen)).toHaveLength(3);
    for (const dir of ['data-a', 'data-b']) expect(existsSync(path.join(shared, dir, 'ingest-state.json'))).toBe(false);

    // The other replica answers about them (it heard of the change and rescanned the shared corpus).
    const writer = replicas.find((r) => r.lines('feeds fetched').some((l) => l.added > 0))!;
    const reader = replicas.find((r) => r !== writer)!;
    await reader.waitFor(() => reader.lines('corpus changed on another replica; rescanning').length > 0, 'corpus change notice', 10_000);
    const { id, form } = slashCommand(slack, '/ask', 'Quelle puissance pour le centre de données de Lannion ?');
    expect((await deliver(`http://127.0.0.1:${reader.port}/slack/events`, form)).status).toBe(200);
    const reply = await slack.until(() => slack.responsesTo(id)[0]);
    expect(JSON.stringify(reply.body)).toMatch(/120 mégawatts/);

    for (const r of replicas) expect(await r.stop()).toBe(0);
    for (const secret of [TOKEN, BOT_TOKEN, SIGNING_SECRET]) for (const r of replicas) expect(r.logs()).not.toContain(secret);
  }, 120_000);
});
