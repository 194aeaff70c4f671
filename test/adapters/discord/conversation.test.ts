// Talking to the bot on Discord: a real discord.js client against the fake Discord on loopback,
// MESSAGE_CREATE packets over the gateway, and a real SQLite conversation store in a temp dir.
// Mentions (answered in a thread), DMs, follow-ups, bots ignored, feedback, a French locale, and
// buttons that work after the bot is restarted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/adapters/common/ratelimit.js';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import { envSchema } from '../../../src/config.js';
import type { Engine } from '../../../src/core/engine.js';
import { ConversationStore } from '../../../src/state/conversation-store.js';
import { promised } from '../../../src/state/store.js';
import { realEngine } from '../../helpers/corpus.js';
import {
  ALICE,
  APP_ID,
  BOB,
  BOT,
  BOT_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  FakeDiscord,
  NO_THREADS_CHANNEL_ID,
  TOKEN,
  buttonClick,
  guildCreate,
  slashCommand,
  userMessage,
  type RecordedRequest,
} from './fake-discord.js';

const EPHEMERAL = 64;
let engine: Engine;
beforeAll(async () => {
  engine = await realEngine();
});

interface Bot {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  store: ConversationStore;
  asked: string[];
}

const dirs: string[] = [];
const running: Bot[] = [];

async function startBot(options: { fake?: FakeDiscord; dir?: string; env?: Record<string, string>; rateLimit?: number } = {}): Promise<Bot> {
  const fake = options.fake ?? (await new FakeDiscord().start());
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'veille-discord-conv-'));
  if (!options.dir) dirs.push(dir);
  const store = ConversationStore.open(dir);
  const config = envSchema.parse({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dir, ...options.env });
  const asked: string[] = [];
  // The real engine, watched: which queries reach it.
  const watched = {
    ask: (q: string, o?: Parameters<Engine['ask']>[1]) => (asked.push(q), engine.ask(q, o)),
    sources: (t: string) => engine.sources(t),
    suggestTopics: (p: string, l?: number) => engine.suggestTopics(p, l),
    articles: () => engine.articles(),
    digest: engine.digest.bind(engine),
    analyse: (q: string) => engine.analyse(q),
  };
  const adapter = createDiscordAdapter({
    config,
    engine: watched,
    logger: pino({ level: 'silent' }),
    rateLimiter: new RateLimiter({ limit: options.rateLimit ?? 100, windowMs: 60_000 }),
    conversations: promised(store),
  });
  await adapter.start();
  await expect.poll(() => fake.connected).toBe(true);
  fake.dispatch('GUILD_CREATE', guildCreate());
  await expect.poll(() => adapter.client?.guilds.cache.size).toBe(1);
  const bot = { fake, adapter, store, asked };
  running.push(bot);
  return bot;
}

async function stopBot(bot: Bot, closeFake = true) {
  running.splice(running.indexOf(bot), 1);
  await bot.adapter.stop();
  bot.store.close();
  if (closeFake) await bot.fake.close();
}

afterEach(async () => {
  for (const bot of [...running]) await stopBot(bot);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The next message the bot posts in `channel` after `since` requests. */
function posted(fake: FakeDiscord, channel: string, since = fake.requests.length): Promise<RecordedRequest> {
  return fake.waitFor((r) => fake.requests.indexOf(r) >= since && r.method === 'POST' && r.path === `/channels/${channel}/messages`);
}

/** Sends a message over the gateway; resolves with the bot's message in `replyChannel`. */
async function say(bot: Bot, message: ReturnType<typeof userMessage>, replyChannel = message.channel_id): Promise<RecordedRequest> {
  const since = bot.fake.requests.length;
  bot.fake.dispatch('MESSAGE_CREATE', message);
  return posted(bot.fake, replyChannel, since);
}

const labels = (body: any): string[] => (body.components ?? []).flatMap((row: any) => row.components.map((b: any) => b.label));
const customIds = (body: any): string[] => (body.components ?? []).flatMap((row: any) => row.components.map((b: any) => b.custom_id));
const mention = (text: string) => `<@${BOT_ID}> ${text}`;

describe('Discord: mentions and direct messages', () => {
  it('answers a mention in a thread started on the question, without the mention in the query, pinging nobody', async () => {
    const bot = await startBot();
    const message = userMessage(mention('how big is Hyperion'), { mentions: [BOT] });
    bot.fake.dispatch('MESSAGE_CREATE', message);
    // The thread is started on the question itself, then the answer is posted in it.
    await expect.poll(() => bot.fake.threads.length).toBe(1);
    expect(bot.fake.threads[0]).toMatchObject({ parent: CHANNEL_ID, message: message.id, name: 'how big is Hyperion' });
    const answer = await posted(bot.fake, bot.fake.threads[0].id, 0);
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
    expect(answer.body.embeds[0].title).toBe('how big is Hyperion');
    expect(answer.body.embeds[0].description).toMatch(/\*\*[^*]*5 gigawatts[^*]*\*\*/);
    expect(labels(answer.body)).toContain('👍 Helpful');
    expect(bot.asked).toEqual(['how big is Hyperion']);
  });

  it('replies to the message (message_reference) where it may not start a thread', async () => {
    const bot = await startBot();
    const message = userMessage(mention('how big is Hyperion'), { mentions: [BOT], channel: NO_THREADS_CHANNEL_ID });
    const reply = await say(bot, message);
    expect(reply.body.message_reference).toMatchObject({ message_id: message.id });
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.body.embeds[0].description).toMatch(/5 gigawatts/);
  });

  it('answers a direct message, and a follow-up in the DM reads the previous question', async () => {
    const bot = await startBot();
    const first = await say(bot, userMessage('how big is Hyperion', { dm: true }));
    expect(first.path).toBe(`/channels/${DM_CHANNEL_ID}/messages`);
    expect(first.body.embeds[0].title).toBe('how big is Hyperion');

    const followUp = await say(bot, userMessage('and Prometheus?', { dm: true }));
    // Answered about Prometheus: the question read with the thread, the excerpts of the full question.
    expect(followUp.body.embeds[0].title).toBe('how big is Prometheus');
    const full = engine.ask('how big is Prometheus', { limit: 3 });
    expect(full.answered).toBe(true);
    expect(followUp.body.embeds[0].description).toContain('Prometheus');
    expect(bot.asked.at(-1)).toBe('how big is Prometheus');
  });

  it('a follow-up in its thread that mentions it is read with the thread; other messages there are left alone', async () => {
    const bot = await startBot();
    bot.fake.dispatch('MESSAGE_CREATE', userMessage(mention('how big is Hyperion'), { mentions: [BOT] }));
    await expect.poll(() => bot.fake.threads.length).toBe(1);
    const thread = bot.fake.threads[0].id;
    await posted(bot.fake, thread, 0);
    bot.fake.dispatch('CHANNEL_CREATE', { ...guildCreate([{ id: thread, parent: CHANNEL_ID }]).threads[0] });

    // A message in the thread that does not mention the bot: not for it (default setting).
    const before = bot.asked.length;
    bot.fake.dispatch('MESSAGE_CREATE', userMessage('and Prometheus?', { channel: thread, author: BOB }));
    const followUp = await say(bot, userMessage(mention('and Prometheus?'), { channel: thread, mentions: [BOT] }));
    expect(bot.asked.slice(before)).toEqual(['how big is Prometheus']);
    expect(followUp.body.message_reference).toBeDefined();
    expect(followUp.body.embeds[0].title).toBe('how big is Prometheus');
  });

  it('with DISCORD_THREAD_FOLLOW_UPS=all, every message in its thread is a follow-up', async () => {
    const bot = await startBot({ env: { DISCORD_THREAD_FOLLOW_UPS: 'all' } });
    expect(bot.fake.identifies[0].intents & 32768).toBe(32768); // MessageContent, needed to read them
    bot.fake.dispatch('MESSAGE_CREATE', userMessage(mention('how big is Hyperion'), { mentions: [BOT] }));
    await expect.poll(() => bot.fake.threads.length).toBe(1);
    const thread = bot.fake.threads[0].id;
    await posted(bot.fake, thread, 0);
    bot.fake.dispatch('CHANNEL_CREATE', { ...guildCreate([{ id: thread, parent: CHANNEL_ID }]).threads[0] });
    const followUp = await say(bot, userMessage('when?', { channel: thread, author: BOB }));
    expect(followUp.body.embeds[0].title).toBe('when Hyperion');
  });

  it('a reply to its answer is a follow-up, also in a channel without threads', async () => {
    const bot = await startBot();
    const first = await say(bot, userMessage(mention('how big is Hyperion'), { mentions: [BOT], channel: NO_THREADS_CHANNEL_ID }));
    const answerId = bot.fake.channelMessages.at(-1)!.message.id;
    expect(first.body.embeds[0].title).toBe('how big is Hyperion');
    // A reply that does not ping the bot (content arrives with the MessageContent intent only; here it is sent).
    const followUp = await say(bot, userMessage('et Prometheus ?', { channel: NO_THREADS_CHANNEL_ID, replyTo: { id: answerId, channel: NO_THREADS_CHANNEL_ID } }));
    expect(followUp.body.embeds[0].title).toBe('how big is Prometheus');
  });

  it('ignores messages by bots, itself included', async () => {
    const bot = await startBot();
    bot.fake.dispatch('MESSAGE_CREATE', userMessage(mention('how big is Hyperion'), { mentions: [BOT], author: { ...BOT, bot: true } }));
    bot.fake.dispatch('MESSAGE_CREATE', userMessage(mention('how big is Hyperion'), { mentions: [BOT], author: { id: '900000000000000099', username: 'otherbot', bot: true } }));
    bot.fake.dispatch('MESSAGE_CREATE', userMessage('how big is Hyperion', { dm: true, author: { id: '900000000000000098', username: 'dmbot', bot: true } }));
    // A person's message after them is answered; the bots' never were.
    const reply = await say(bot, userMessage('how big is Prometheus', { dm: true }));
    expect(reply.body.embeds[0].title).toBe('how big is Prometheus');
    expect(bot.asked).toEqual(['how big is Prometheus']);
    expect(bot.fake.threads).toHaveLength(0);
  });

  it('answers a greeting, thanks or an empty mention with a help line, not a search', async () => {
    const bot = await startBot();
    for (const text of [mention(''), mention('thanks!'), mention('bonjour 👋')]) {
      const reply = await say(bot, userMessage(text, { mentions: [BOT] }));
      expect(reply.body.content).toMatch(/how big is Hyperion|taille d’Hyperion/);
      expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
    expect(bot.asked).toEqual([]);
  });

  it('applies the rate limit to mentions', async () => {
    const bot = await startBot({ rateLimit: 1 });
    await say(bot, userMessage('how big is Hyperion', { dm: true }));
    const limited = await say(bot, userMessage('how big is Prometheus', { dm: true }));
    expect(limited.body.content).toMatch(/Try again in \d+ s/);
    expect(bot.asked).toEqual(['how big is Hyperion']);
  });
});

describe('Discord: feedback, language and buttons after a restart', () => {
  const ask = (question: string, extra: Record<string, unknown> = {}) => ({
    ...slashCommand('ask', [{ name: 'question', type: 3, value: question }]),
    ...extra,
  });
  const callback = (fake: FakeDiscord, token: string) => fake.waitFor((r) => r.path.includes(`/${token}/callback`));

  it('records a vote once per user and answer, changes it on a second click, and thanks privately', async () => {
    const bot = await startBot();
    const i = ask('how big is Hyperion');
    bot.fake.dispatch('INTERACTION_CREATE', i);
    const answer = await callback(bot.fake, i.token);
    const [up, down] = customIds(answer.body.data).filter((id) => id.startsWith('fb:'));
    const message = bot.fake.messages.get(i.token);

    const click = async (customId: string, user = ALICE) => {
      const c = buttonClick(message, customId, user);
      bot.fake.dispatch('INTERACTION_CREATE', c);
      return (await callback(bot.fake, c.token)).body.data;
    };
    const first = await click(up);
    expect(first).toMatchObject({ content: 'Thanks, noted.', flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    expect((await click(up)).content).toBe('Thanks, noted.');
    expect((await click(down)).content).toBe('Thanks, your vote is changed.');
    await click(down, BOB);
    const rows = bot.store.feedback();
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.vote)).toEqual(['down', 'down']);
    expect(rows[0]).toMatchObject({ platform: 'discord', channel: CHANNEL_ID, question: 'how big is Hyperion' });
    expect(rows[0].userHash).not.toContain(ALICE.id);
    expect(rows[0].excerpts[0].text).toMatch(/5 gigawatts/);
    expect(bot.store.summary()).toMatchObject({ up: 0, down: 2, worst: [{ question: 'how big is Hyperion', down: 2, up: 0 }] });
  });

  it('answers a French-locale interaction with French framing (the excerpts stay verbatim)', async () => {
    const bot = await startBot();
    const i = ask('how big is Hyperion', { locale: 'fr' });
    bot.fake.dispatch('INTERACTION_CREATE', i);
    const data = (await callback(bot.fake, i.token)).body.data;
    expect(data.embeds[0].footer.text).toMatch(/^Extraits 1 à \d/);
    expect(data.embeds[0].description).toContain('2 articles s’accordent sur 5 gigawatts');
    expect(labels(data)).toEqual(expect.arrayContaining(['👍 Utile', '👎 Pas utile']));
    const english = ask('how big is Hyperion');
    bot.fake.dispatch('INTERACTION_CREATE', english);
    const en = (await callback(bot.fake, english.token)).body.data;
    // Same excerpts, word for word.
    expect(data.embeds[0].description.split('\n')[0]).toBe(en.embeds[0].description.split('\n')[0]);
    // Not found, in French.
    const miss = ask('quelle est la hauteur de la tour Eiffel', { locale: 'fr' });
    bot.fake.dispatch('INTERACTION_CREATE', miss);
    const missed = (await callback(bot.fake, miss.token)).body.data;
    expect(missed.content).toMatch(/^\*\*Pas dans les articles\.\*\* Rien dans le corpus ne répond à cela\./);
    // A vote on an abstention tells a right one from a miss.
    expect(labels(missed)).toEqual(['👍 Utile', '👎 Pas utile']);
  });

  it('"More excerpts" and "Share" still work after the bot is restarted', async () => {
    const fake = await new FakeDiscord().start();
    const dir = mkdtempSync(path.join(tmpdir(), 'veille-discord-restart-'));
    dirs.push(dir);
    let bot = await startBot({ fake, dir });
    const i = { ...slashCommand('ask', [{ name: 'question', type: 3, value: 'how big is Hyperion' }, { name: 'private', type: 5, value: true }]) };
    fake.dispatch('INTERACTION_CREATE', i);
    const answer = (await callback(fake, i.token)).body.data;
    const more = customIds(answer).find((id) => id.startsWith('ask:more:'))!;
    const share = customIds(answer).find((id) => id.startsWith('ask:share:'))!;
    expect(more).toBeDefined();
    const message = fake.messages.get(i.token);
    await stopBot(bot, false);

    bot = await startBot({ fake, dir });
    const clickMore = buttonClick(message, more);
    fake.dispatch('INTERACTION_CREATE', clickMore);
    const next = (await callback(fake, clickMore.token)).body.data;
    expect(next.embeds[0].title).toBe('how big is Hyperion');
    expect(next.embeds[0].footer.text).toMatch(/^Excerpts? 4/);
    const clickShare = buttonClick(message, share, BOB);
    fake.dispatch('INTERACTION_CREATE', clickShare);
    const shared = (await callback(fake, clickShare.token)).body.data;
    expect(shared.flags ?? 0).toBe(0);
    expect(shared.content).toBe(`Shared by <@${BOB.id}>`);
    expect(shared.allowed_mentions).toEqual({ parse: [] });
    expect(shared.embeds[0].footer.text).toMatch(/^Excerpts 1–3/);
  });
});
