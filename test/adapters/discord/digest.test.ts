// /digest on Discord and the digest posted in a channel, end to end: a real discord.js client on
// the loopback fake Discord, the real runner over a real SQLite file.
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/adapters/common/ratelimit.js';
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../../src/adapters/discord/index.js';
import { LIMITS, fitsLimits, renderDigest } from '../../../src/adapters/discord/render.js';
import { envSchema } from '../../../src/config.js';
import type { Article } from '../../../src/core/article.js';
import { loadCorpus } from '../../../src/core/corpus.js';
import { Engine } from '../../../src/core/engine.js';
import { DigestRunner } from '../../../src/digest/runner.js';
import type { SqliteDigestStore } from '../../../src/digest/store.js';
import { article, tempStore } from '../../digest/helpers.js';
import {
  APP_ID,
  CHANNEL_ID,
  FakeDiscord,
  TOKEN,
  WITH_MANAGE_CHANNELS,
  slashCommand,
  subcommandAutocomplete,
  type RecordedRequest,
} from './fake-discord.js';

const EPHEMERAL = 64;
let corpus: Article[];

beforeAll(async () => {
  corpus = (await loadCorpus('corpus')).articles;
});

interface Bot {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  runner: DigestRunner;
  store: SqliteDigestStore;
  interact(interaction: { token: string }): Promise<RecordedRequest>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The corpus, as if every article had been added an hour ago, plus one whose title tries to ping. */
function freshEngine(): Engine {
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();
  return Engine.fromArticles([
    ...corpus.map((a) => ({ ...a, added: hourAgo })),
    { ...article('ping', hourAgo), title: '@everyone read this <@123456789012345678>' },
  ]);
}

async function startBot(engine = freshEngine(), options: DiscordAdapterOptions = {}): Promise<Bot> {
  const fake = await new FakeDiscord().start();
  const { store, state, cleanup } = tempStore();
  const config = envSchema.parse({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl });
  const logger = pino({ level: 'silent' });
  const runner = new DigestRunner({ store: state, engine, logger, retryDelaysMs: [20, 20] });
  const adapter = createDiscordAdapter({ config, engine, logger, rateLimiter: new RateLimiter({ limit: 100, windowMs: 1000 }), digest: runner }, options);
  await adapter.start();
  await runner.addDelivery(adapter.digestDelivery!);
  await runner.start();
  cleanups.push(cleanup, () => fake.close(), () => adapter.stop(), () => runner.stop());
  return {
    fake,
    adapter,
    runner,
    store,
    interact(interaction) {
      fake.dispatch('INTERACTION_CREATE', interaction);
      return fake.waitFor((r) => r.method === 'POST' && r.path.includes(`/${interaction.token}/`) && r.path.endsWith('/callback'));
    },
  };
}

const digestCommand = (sub: string, options: { name: string; value: string }[] = [], permissions?: string) =>
  slashCommand('digest', [{ name: sub, type: 1, options: options.map((o) => ({ ...o, type: 3 })) }], undefined, permissions);

const subscribe = (time: string, timezone: string, permissions = WITH_MANAGE_CHANNELS) =>
  digestCommand('subscribe', [{ name: 'time', value: time }, { name: 'timezone', value: timezone }], permissions);

describe('/digest on Discord', () => {
  it('refuses to subscribe without Manage Channels, privately, and changes nothing', async () => {
    const bot = await startBot();
    const reply = await bot.interact(subscribe('09:00', 'Europe/Paris', '2248473465835073'));
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toContain('Manage Channels');
    expect(reply.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(bot.store.subscription('discord', CHANNEL_ID)).toBeNull();
  });

  it('explains a bad time or time zone with a valid example, then subscribes with good ones', async () => {
    const bot = await startBot();
    const badTime = await bot.interact(subscribe('25:00', 'Europe/Paris'));
    expect(badTime.body.data.content).toMatch(/“25:00” is not a time of day\. Use 24-hour HH:MM, e\.g\. 09:00/);
    expect(badTime.body.data.content).toContain('/digest subscribe time:09:00 timezone:Europe/Paris');
    const badZone = await bot.interact(subscribe('09:00', 'Mars/Olympus'));
    expect(badZone.body.data.content).toMatch(/“Mars\/Olympus” is not a time zone\. Use an IANA name, e\.g\. Europe\/Paris/);
    expect(bot.store.subscription('discord', CHANNEL_ID)).toBeNull();

    const ok = await bot.interact(subscribe('9:00', 'europe/paris'));
    expect(ok.body.data.flags).toBe(EPHEMERAL);
    expect(ok.body.data.content).toMatch(/^Subscribed: .* every day at 09:00 \(Europe\/Paris\)\.\nFirst digest: \w+day \d+ \w+ \d{4}, 09:00 \(Europe\/Paris\)/);
    expect(bot.store.subscription('discord', CHANNEL_ID)).toMatchObject({ time: '09:00', timezone: 'Europe/Paris' });

    const status = await bot.interact(digestCommand('status'));
    expect(status.body.data.content).toMatch(/every day at 09:00 \(Europe\/Paris\)/);
    expect(status.body.data.content).toMatch(/Next run: .*09:00 \(Europe\/Paris\)/);

    const off = await bot.interact(digestCommand('unsubscribe', [], WITH_MANAGE_CHANNELS));
    expect(off.body.data.content).toMatch(/^Unsubscribed/);
    expect(bot.store.subscription('discord', CHANNEL_ID)).toBeNull();
  });

  it('autocompletes the time zone from the IANA list', async () => {
    const bot = await startBot();
    const reply = await bot.interact(subcommandAutocomplete('digest', 'subscribe', 'timezone', 'paris'));
    expect(reply.body.type).toBe(8);
    expect(reply.body.data.choices[0]).toEqual({ name: 'Europe/Paris', value: 'Europe/Paris' });
    expect(reply.body.data.choices.length).toBeLessThanOrEqual(25);
  });

  it('speaks French to a French-locale subscriber, and posts that channel’s digest in French', async () => {
    const bot = await startBot();
    const fr = (i: ReturnType<typeof subscribe>) => ({ ...i, locale: 'fr' });
    const badTime = await bot.interact(fr(subscribe('25:00', 'Europe/Paris')));
    expect(badTime.body.data.content).toMatch(/^« 25:00 » n’est pas une heure\. Utilisez HH:MM sur 24 heures/);
    expect(badTime.body.data.content).toContain('Par exemple : `/digest subscribe time:09:00 timezone:Europe/Paris`');
    const ok = await bot.interact(fr(subscribe('09:00', 'Europe/Paris')));
    expect(ok.body.data.content).toMatch(/^Abonné : .* chaque jour à 09:00 \(Europe\/Paris\)\.\nPremier résumé : \p{L}+ \d+ \p{L}+ \d{4} à 09:00 \(Europe\/Paris\)/u);
    const sub = bot.store.subscription('discord', CHANNEL_ID)!;
    expect((await bot.runner.trigger(sub, new Date())).status).toBe('delivered');
    const first = bot.fake.channelMessages[0].body;
    expect(first.content).toMatch(/^\*\*Résumé du \p{L}+ \d+ \p{L}+ \d{4} · 6 nouveaux articles\*\*/u);
    expect(first.embeds.some((e: { description?: string }) => /_Sujets : /.test(e.description ?? ''))).toBe(true);
  });

  it('previews the digest privately', async () => {
    const bot = await startBot();
    const reply = await bot.interact(digestCommand('preview'));
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toMatch(/^\*\*Digest for \w+day \d+ \w+ \d{4} · 6 new articles\*\*/);
    expect(reply.body.data.embeds.length).toBeGreaterThan(0);
    expect(bot.fake.channelMessages).toHaveLength(0);
  });

  it('a long preview survives follow-ups answered 500 eight times: every page arrives', async () => {
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const engine = Engine.fromArticles([...corpus.map((a) => ({ ...a, added: hourAgo })), ...Array.from({ length: 25 }, (_, i) => article(`extra-${i}`, hourAgo))]);
    const pages = renderDigest(engine.digest(new Date(Date.now() - 86400_000), new Date())).length;
    expect(pages).toBeGreaterThan(2);
    const bot = await startBot(engine, { retryBaseMs: 20 });
    let failures = 0;
    bot.fake.overrides.push((r) =>
      r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path) && failures++ < 8 ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined,
    );
    const i = digestCommand('preview');
    await bot.interact(i);
    const delivered = () => bot.fake.requestsFor(i.token).filter((r) => r.method === 'POST' && !r.path.endsWith('/callback')).length - 8;
    await expect.poll(delivered, { timeout: 15_000 }).toBe(pages - 1);
    const bodies = bot.fake.requestsFor(i.token).filter((r) => r.method === 'POST' && !r.path.endsWith('/callback')).map((r) => r.body.content);
    expect(new Set(bodies).size).toBe(pages - 1);
  });
});

describe('the digest posted in a Discord channel', () => {
  it('posts embeds through the REST API, quoting key sentences, pinging nobody', async () => {
    const bot = await startBot();
    const sub = bot.store.subscribe({ platform: 'discord', channel: CHANNEL_ID, time: '09:00', timezone: 'Europe/Paris', createdBy: '1' });
    const outcome = await bot.runner.trigger(sub, new Date());
    expect(outcome.status).toBe('delivered');
    const posted = bot.fake.channelMessages;
    expect(posted.length).toBeGreaterThan(0);
    const embeds = posted.flatMap((p) => p.body.embeds);
    expect(embeds).toHaveLength(6);
    for (const p of posted) {
      expect(p.channel).toBe(CHANNEL_ID);
      expect(p.body.allowed_mentions).toEqual({ parse: [] });
      expect(p.body.content).toMatch(/^\*\*Digest for .* · 6 new articles\*\*/);
      expect(fitsLimits(p.body.embeds)).toBe(true);
    }
    const hyperion = embeds.find((e: any) => e.title.startsWith('Meta Redéfinit'));
    expect(hyperion.description).toMatch(/^> .*Hyperion/);
    expect(hyperion.description).toMatch(/_Topics: .*Meta/);
    // The article that tries to ping: escaped, so neither @everyone nor the user mention renders.
    const ping = embeds.find((e: any) => e.title.includes('read this'));
    expect(ping.title).not.toContain('@everyone');
    expect(ping.title).toContain('\\<@123456789012345678\\>');
    expect(ping.url).toBe('https://example.com/ping');
    // Recorded: the message ids, and /digest status says so.
    expect(outcome.status === 'delivered' && outcome.messageIds).toEqual(posted.map((p) => p.message.id));
    const status = await bot.interact(digestCommand('status'));
    expect(status.body.data.content).toMatch(/Last run: \d{4}-\d{2}-\d{2} .*: delivered \(6 articles, \d+ messages?\)/);
  });

  it('a platform error three times: recorded as failed, shown by /digest status, and the bot keeps answering', async () => {
    const bot = await startBot();
    bot.fake.overrides.push((r) =>
      r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages` ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined,
    );
    const sub = bot.store.subscribe({ platform: 'discord', channel: CHANNEL_ID, time: '09:00', timezone: 'Europe/Paris', createdBy: '1' });
    const outcome = await bot.runner.trigger(sub, new Date());
    expect(outcome.status).toBe('failed');
    expect(bot.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`)).toHaveLength(3);
    const status = await bot.interact(digestCommand('status'));
    expect(status.body.data.content).toMatch(/Last run: .*: failed after 3 tries: .*500/);
    // A second trigger the same day does not post (the failure is final for the day).
    expect((await bot.runner.trigger(sub, new Date())).status).toBe('skipped');
    expect(bot.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`)).toHaveLength(3);
  });
});

describe('renderDigest for Discord', () => {
  it('splits a long digest across messages within every limit, and a quiet day is one line', async () => {
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const long = `Le groupe Meta a annoncé ${'65 milliards de dollars, puis '.repeat(20)}rien.`;
    const engine = Engine.fromArticles(Array.from({ length: 40 }, (_, i) => article(`a${i}`, hourAgo, long)));
    const digest = engine.digest(new Date(Date.now() - 86400_000), new Date());
    const messages = renderDigest(digest);
    expect(messages.length).toBeGreaterThanOrEqual(4); // 10 embeds a message at most (and 6000 characters: checked below)
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(40);
    for (const [i, m] of messages.entries()) {
      expect(fitsLimits(m.embeds)).toBe(true);
      expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
      expect(m.content).toContain(`${i + 1}/${messages.length}`);
      for (const e of m.embeds) expect(e.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    }
    const quiet = renderDigest(engine.digest(new Date(0), new Date(1000)));
    expect(quiet).toHaveLength(1);
    expect(quiet[0].content).toMatch(/no new articles\*\*\nNo new articles since <t:0:f>\./);
  });
});
