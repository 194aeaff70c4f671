// Discord shards (DISCORD_SHARDS, DISCORD_SHARD_IDS) with discord.js's own sharding, against the
// loopback fake sharding as Discord does: each connection identifies as one shard, gets the guilds
// of that shard, and the interactions of those guilds. With the shards split over two processes
// sharing one PostgreSQL, each channel's digest is posted by the process holding its guild's shard.
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/adapters/common/ratelimit.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import { envSchema } from '../../../src/config.js';
import { DigestRunner, type RunOutcome } from '../../../src/digest/runner.js';
import { localDay } from '../../../src/digest/schedule.js';
import { PgStateStore } from '../../../src/state/postgres.js';
import { realEngine } from '../../helpers/corpus.js';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.js';
import { zoneWhereTheDayHasBegun } from '../../digest/helpers.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, TOKEN, shardIdOf, slashCommand } from './fake-discord.js';

// Two guilds, one on each of two shards.
const OTHER_GUILD = '900000000004194307';
const OTHER_CHANNEL = '900000000004194308';
const guilds = [
  { id: GUILD_ID, channels: [CHANNEL_ID] },
  { id: OTHER_GUILD, channels: [OTHER_CHANNEL] },
];

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeWithTwoGuilds(): Promise<FakeDiscord> {
  const fake = await new FakeDiscord().start();
  fake.guilds = guilds;
  cleanups.push(() => fake.close());
  return fake;
}

async function startAdapter(fake: FakeDiscord, env: Record<string, string>, digest?: DigestRunner): Promise<DiscordAdapter> {
  const config = envSchema.parse({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl, ...env });
  const adapter = createDiscordAdapter({
    config,
    engine: await realEngine(),
    logger: pino({ level: 'silent' }),
    rateLimiter: new RateLimiter({ limit: 100, windowMs: 1000 }),
    digest,
  });
  await adapter.start();
  cleanups.push(() => adapter.stop());
  return adapter;
}

/** /ask in a guild's channel; resolves with the callback the bot sent. */
async function ask(fake: FakeDiscord, guild: string, channel: string) {
  const interaction = { ...slashCommand('ask', [{ name: 'question', type: 3, value: 'how big is Hyperion' }]), guild_id: guild, channel_id: channel };
  interaction.channel = { ...interaction.channel, id: channel, guild_id: guild };
  fake.dispatch('INTERACTION_CREATE', interaction);
  return fake.waitFor((r) => r.method === 'POST' && r.path.includes(`/${interaction.token}/callback`));
}

it('the fake puts the two guilds on different shards', () => {
  expect(shardIdOf(GUILD_ID, 2)).not.toBe(shardIdOf(OTHER_GUILD, 2));
});

describe('DISCORD_SHARDS', () => {
  it('auto: opens as many shards as Discord recommends; each guild arrives on its shard and is answered there', async () => {
    const fake = await fakeWithTwoGuilds();
    fake.recommendedShards = 2;
    const adapter = await startAdapter(fake, { DISCORD_SHARDS: 'auto' });
    expect(fake.shards.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const client = adapter.client!;
    expect(client.options.shardCount).toBe(2);
    expect([...client.guilds.cache.keys()].sort()).toEqual([GUILD_ID, OTHER_GUILD].sort());
    expect(client.guilds.cache.get(OTHER_GUILD)!.shardId).toBe(shardIdOf(OTHER_GUILD, 2));
    for (const [guild, channel] of [
      [GUILD_ID, CHANNEL_ID],
      [OTHER_GUILD, OTHER_CHANNEL],
    ]) {
      const callback = await ask(fake, guild, channel);
      expect(JSON.stringify(callback.body)).toContain('5 gigawatts');
    }
  });

  it('a number: that many shards; DISCORD_SHARD_IDS runs only those listed', async () => {
    const fake = await fakeWithTwoGuilds();
    const all = await startAdapter(fake, { DISCORD_SHARDS: '3' });
    expect(fake.shards.sort()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    await all.stop();
    const fake2 = await fakeWithTwoGuilds();
    const one = await startAdapter(fake2, { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: String(shardIdOf(OTHER_GUILD, 2)) });
    expect(fake2.shards).toEqual([[shardIdOf(OTHER_GUILD, 2), 2]]);
    expect([...one.client!.guilds.cache.keys()]).toEqual([OTHER_GUILD]);
  });
});

describe('shards split over two processes on one PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('each channel’s digest is posted once, by the process whose shard holds its guild', async () => {
    const fake = await fakeWithTwoGuilds();
    const url = await server.createDatabase();
    const timezone = zoneWhereTheDayHasBegun();
    const processes = await Promise.all(
      [0, 1].map(async (shard) => {
        const store = await PgStateStore.connect(url);
        cleanups.push(() => store.close());
        for (const channel of [CHANNEL_ID, OTHER_CHANNEL])
          await store.subscribe({ platform: 'discord', channel, time: '00:00', timezone, createdBy: 'U1', createdAt: '2020-01-01T00:00:00.000Z' });
        const outcomes: { channel: string; outcome: RunOutcome }[] = [];
        const runner = new DigestRunner({
          store,
          engine: await realEngine(),
          quietDay: 'post',
          retryDelaysMs: [20, 20],
          onOutcome: (outcome, sub) => outcomes.push({ channel: sub.channel, outcome }),
        });
        const adapter = await startAdapter(fake, { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: String(shard) }, runner);
        cleanups.push(() => runner.stop());
        return { shard, store, runner, adapter, outcomes };
      }),
    );
    // Both start their schedulers at the same instant: both digests are due (catch-up).
    await Promise.all(processes.map(async (p) => (await p.runner.addDelivery(p.adapter.digestDelivery!), p.runner.start())));
    for (const p of processes) await p.runner.idle();

    const day = localDay(new Date(), timezone);
    for (const [guild, channel] of [
      [GUILD_ID, CHANNEL_ID],
      [OTHER_GUILD, OTHER_CHANNEL],
    ]) {
      const holder = processes.find((p) => p.shard === shardIdOf(guild, 2))!;
      const other = processes.find((p) => p !== holder)!;
      expect(holder.outcomes.find((o) => o.channel === channel)?.outcome.status).toBe('delivered');
      expect(other.outcomes.find((o) => o.channel === channel)?.outcome).toMatchObject({ status: 'skipped', reason: 'held by another shard' });
      const run = await holder.store.run('discord', channel, day);
      expect(fake.channelMessages.filter((m) => m.channel === channel).map((m) => m.message.id)).toEqual(run!.messageIds);
      expect(run!.messageIds).toHaveLength(1);
    }
  });
});
