// The Discord adapter end to end: a real discord.js client logs in to a fake Discord on loopback
// (REST + gateway), receives INTERACTION_CREATE packets over the gateway, and answers through
// the REST API; the tests read what a user would see in the requests the fake recorded.
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/adapters/common/ratelimit.js';
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../../src/adapters/discord/index.js';
import { LIMITS, embedLength } from '../../../src/adapters/discord/render.js';
import { envSchema } from '../../../src/config.js';
import type { Article } from '../../../src/core/article.js';
import { loadCorpus } from '../../../src/core/corpus.js';
import { Engine } from '../../../src/core/engine.js';
import type { AnswerEngine } from '../../../src/core/types.js';
import {
  ALICE,
  APP_ID,
  BOB,
  FakeDiscord,
  TOKEN,
  autocomplete,
  buttonClick,
  slashCommand,
  type RecordedRequest,
} from './fake-discord.js';

const EPHEMERAL = 64;
const CALLBACK = { reply: 4, deferredReply: 5, autocomplete: 8 };

let corpus: Article[];
let engine: Engine;

beforeAll(async () => {
  corpus = (await loadCorpus('corpus')).articles;
  engine = Engine.fromArticles(corpus);
});

interface Bot {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  logs: string[];
  /** Sends an interaction over the gateway; resolves with its callback request. */
  interact(interaction: { token: string }): Promise<RecordedRequest>;
  /** The request with this interaction's token matching `what`, waiting for it if need be. */
  next(interaction: { token: string }, method: string, pathEnd: string): Promise<RecordedRequest>;
}

const running: Bot[] = [];

async function startBot(
  options: { engine?: AnswerEngine; rateLimit?: number; env?: Record<string, string>; adapter?: DiscordAdapterOptions } = {},
): Promise<Bot> {
  const fake = await new FakeDiscord().start();
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const config = envSchema.parse({
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    ...options.env,
  });
  const rateLimiter = new RateLimiter({
    limit: options.rateLimit ?? config.RATE_LIMIT_COUNT,
    windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
  });
  const adapter = createDiscordAdapter({ config, engine: options.engine ?? engine, logger, rateLimiter }, options.adapter);
  await adapter.start();
  const next = (i: { token: string }, method: string, pathEnd: string) =>
    fake.waitFor((r) => r.method === method && r.path.includes(`/${i.token}`) && r.path.endsWith(pathEnd));
  const bot: Bot = {
    fake,
    adapter,
    logs,
    interact(interaction) {
      fake.dispatch('INTERACTION_CREATE', interaction);
      return next(interaction, 'POST', '/callback');
    },
    next,
  };
  running.push(bot);
  return bot;
}

afterEach(async () => {
  for (const bot of running.splice(0)) {
    await bot.adapter.stop();
    await bot.fake.close();
  }
});

const askQuestion = (question: string, extra: { private?: boolean } = {}, user = ALICE) =>
  slashCommand(
    'ask',
    [
      { name: 'question', type: 3, value: question },
      ...(extra.private === undefined ? [] : [{ name: 'private', type: 5, value: extra.private }]),
    ],
    user,
  );

function buttons(body: any): { label: string; custom_id: string }[] {
  return (body.components ?? []).flatMap((row: any) => row.components);
}

describe('Discord adapter: connection', () => {
  it('logs in with the unprivileged intents it needs, logs the invite URL, and never logs the token', async () => {
    const bot = await startBot();
    expect(bot.fake.identifies).toHaveLength(1);
    // Guilds (1), GuildMessages (512), DirectMessages (4096); never the privileged MessageContent (32768) by default.
    expect(bot.fake.identifies[0].intents).toBe(1 | 512 | 4096);
    const invite = bot.logs.map((l) => JSON.parse(l)).find((l) => l.invite)?.invite as string;
    const url = new URL(invite);
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe(APP_ID);
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // view channel, send messages, embed links, read message history, create public threads, send messages in threads
    expect(url.searchParams.get('permissions')).toBe('309237730304');

    // A busy session: answers, a failure, a 429. Still no token (bot or interaction) in the logs.
    let failOnce = true;
    bot.fake.overrides.push((r) => {
      if (r.path.endsWith('/callback') && failOnce) {
        failOnce = false;
        return { status: 429, body: { message: 'slow down', retry_after: 0.05, global: false }, headers: { 'retry-after': '0.05' } };
      }
      return undefined;
    });
    const i = askQuestion('how big is Hyperion');
    await bot.interact(i);
    await bot.fake.waitFor((r) => r.path.endsWith('/callback') && r.path.includes(i.token) && bot.fake.requestsFor(i.token).length === 2);
    await bot.adapter.stop();
    const all = bot.logs.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(i.token);
    expect(bot.fake.identifies[0].token).toBe(TOKEN);
  });

  it('refuses to start with a token Discord rejects, without logging or throwing the token', async () => {
    const fake = await new FakeDiscord().start();
    const logs: string[] = [];
    const wrong = 'wrong.bot-token.Qa1Ws2Ed3Rf4Tg5Yh6';
    const config = envSchema.parse({ DISCORD_TOKEN: wrong, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl });
    const adapter = createDiscordAdapter({
      config,
      engine,
      logger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }),
      rateLimiter: new RateLimiter({ limit: 5, windowMs: 30_000 }),
    });
    try {
      const error = await adapter.start().then(() => null, (e: Error) => e);
      expect(error?.message).toBe('Discord refused DISCORD_TOKEN (An invalid token was provided.): check the bot token in the developer portal');
      expect(adapter.client).toBeNull();
      expect(logs.join('\n')).not.toContain(wrong);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('reconnects by itself when the gateway drops, and keeps answering', async () => {
    const bot = await startBot();
    bot.fake.dropGateway(4000);
    await expect.poll(() => bot.fake.resumes.length + bot.fake.identifies.length, { timeout: 8000 }).toBeGreaterThan(1);
    await expect.poll(() => bot.fake.connected, { timeout: 8000 }).toBe(true);
    expect(bot.fake.resumes[0]?.token ?? bot.fake.identifies[1]?.token).toBe(TOKEN);
    const callback = await bot.interact(askQuestion('how big is Hyperion'));
    expect(callback.body.data.embeds).toHaveLength(1);
    expect(bot.logs.some((l) => l.includes('reconnecting to the gateway'))).toBe(true);
  });

  it('stop() closes the gateway connection and lets the process go', async () => {
    const bot = await startBot();
    expect(bot.fake.connected).toBe(true);
    await bot.adapter.stop();
    expect(bot.adapter.client).toBeNull();
    await expect.poll(() => bot.fake.connected, { timeout: 2000 }).toBe(false);
  });
});

describe('Discord adapter: /ask', () => {
  it('answers "how big is Hyperion" with quoted excerpts, the figure in bold, numbered citations and the corroboration', async () => {
    const bot = await startBot();
    const i = askQuestion('how big is Hyperion');
    const callback = await bot.interact(i);
    expect(callback.body.type).toBe(CALLBACK.reply);
    const data = callback.body.data;
    expect(data.flags ?? 0).toBe(0); // public
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.embeds).toHaveLength(1);
    const embed = data.embeds[0];
    expect(embed.title).toBe('how big is Hyperion');
    // The first excerpt is a block quote with the answer in bold.
    expect(embed.description).toMatch(/^> .*\*\*[^*]*5 gigawatts[^*]*\*\*/);
    // Numbered citations, the title linked when the article has a URL.
    expect(embed.description).toMatch(/\[1\]/);
    expect(embed.description).toMatch(/\*\*\[1\]\*\* /);
    // Two articles give the figure: cited [1] and [2] (in either order), and the agreement said once.
    expect(embed.description).toContain('\n\n_2 articles agree on 5 gigawatts_\n\n');
    expect(embed.description).toMatch(/\n\*\*\[[12]\]\*\* \*\*Meta mise plusieurs centaines de milliards sur l’IA[^\n]* · 2025-07-18$/m);
    expect(embed.description).toMatch(/\n\*\*\[[12]\]\*\* \*\*Meta investit des centaines de milliards[^\n]* · onemedia\.fr$/m);
    // Public answers have no "Share" button, and "More excerpts" only when the engine has more.
    const answer = engine.ask('how big is Hyperion', { limit: 3 });
    const more = answer.answered ? answer.moreAvailable : 0;
    expect(embed.footer.text).toBe(more > 0 ? `Excerpts 1–3 · ${more} more in the articles` : 'Excerpts 1–3');
    expect(buttons(data).map((b) => b.label)).toEqual([...(more > 0 ? ['More excerpts'] : []), '👍 Helpful', '👎 Not helpful']);
  });

  it('"More excerpts" posts the next excerpts of the same question', async () => {
    const bot = await startBot();
    const i = askQuestion('Meta datacenters');
    const first = await bot.interact(i);
    const firstEmbed = first.body.data.embeds[0];
    const more = buttons(first.body.data).find((b) => b.label === 'More excerpts');
    expect(more, 'the corpus has more than three excerpts on Meta datacenters').toBeDefined();
    expect(firstEmbed.footer.text).toMatch(/^Excerpts 1–3 · \d+ more/);

    const click = buttonClick(bot.fake.messages.get(i.token), more!.custom_id, BOB);
    const second = await bot.interact(click);
    expect(second.body.type).toBe(CALLBACK.reply);
    const secondEmbed = second.body.data.embeds[0];
    expect(second.body.data.flags ?? 0).toBe(0);
    expect(second.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(secondEmbed.footer.text).toMatch(/^Excerpts? 4/);
    const quotes = (d: string) => d.split('\n').filter((l) => l.startsWith('> '));
    for (const q of quotes(secondEmbed.description)) expect(quotes(firstEmbed.description)).not.toContain(q);
  });

  it('a private answer is ephemeral and offers "Share in channel", which posts it for everyone without a ping', async () => {
    const bot = await startBot();
    const i = askQuestion('how big is Hyperion', { private: true });
    const callback = await bot.interact(i);
    expect(callback.body.type).toBe(CALLBACK.reply);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    const share = buttons(callback.body.data).find((b) => b.label === 'Share in channel');
    expect(share).toBeDefined();

    const seen = { ...bot.fake.messages.get(i.token), flags: EPHEMERAL };
    const shared = await bot.interact(buttonClick(seen, share!.custom_id));
    expect(shared.body.type).toBe(CALLBACK.reply);
    expect(shared.body.data.flags ?? 0).toBe(0);
    expect(shared.body.data.content).toBe(`Shared by <@${ALICE.id}>`);
    expect(shared.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(shared.body.data.embeds).toEqual(callback.body.data.embeds);
    expect(buttons(shared.body.data).map((b) => b.label)).not.toContain('Share in channel');
  });

  it('says "Not in the articles" with topics to try when the articles do not answer', async () => {
    const bot = await startBot();
    const callback = await bot.interact(askQuestion('who won the 1998 football world cup'));
    const data = callback.body.data;
    expect(data.embeds ?? []).toEqual([]);
    expect(data.content).toMatch(/^\*\*Not in the articles\.\*\*/);
    expect(data.content).toMatch(/Try a topic they cover: .+/);
    expect(data.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('reads a question holding a mention picked from the pop-up (<@id>) as the words around it', async () => {
    const bot = await startBot();
    const callback = await bot.interact(askQuestion('how big is Hyperion <@123456789012345678>'));
    const embed = callback.body.data.embeds[0];
    expect(embed.title).toBe('how big is Hyperion');
    expect(embed.description).toMatch(/^> .*\*\*[^*]*5 gigawatts[^*]*\*\*/);
  });

  it('escapes markdown and defuses @everyone from the question and from article text', async () => {
    const tricky: Article = {
      id: 'tricky',
      title: 'Le *vrai* coût de l’IA @everyone',
      source: 'Le_Journal',
      url: 'https://example.org/tricky',
      date: '2025-07-20',
      lang: 'fr',
      added: '2025-07-20T00:00:00Z',
      body: 'Le projet Zorblax coûtera 12 milliards de dollars selon @everyone et les *analystes* du secteur_ia.',
    };
    const bot = await startBot({ engine: Engine.fromArticles([...corpus, tricky]) });
    const callback = await bot.interact(askQuestion('how much will *Zorblax* cost @everyone _now_'));
    const data = callback.body.data;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    const embed = data.embeds[0];
    expect(embed.title).toBe('how much will \\*Zorblax\\* cost @\u200beveryone \\_now\\_');
    expect(embed.description).toContain('@\u200beveryone');
    expect(embed.description).toContain('\\*analystes\\*');
    expect(embed.description).toContain('secteur\\_ia');
    expect(embed.description).toContain('[Le \\*vrai\\* coût de l’IA @\u200beveryone](https://example.org/tricky) · Le\\_Journal · 2025-07-20');
    expect(JSON.stringify(data)).not.toMatch(/@everyone/);
  });
});

describe('Discord adapter: /sources', () => {
  it('autocompletes topics on a prefix and on a typo, at most 25, within 100 ms', async () => {
    const bot = await startBot();
    await bot.interact(autocomplete('sources', 'topic', '')); // warm up
    for (const typed of ['hyp', 'Hyperoin', 'promteheus']) {
      const i = autocomplete('sources', 'topic', typed);
      const sent = Date.now();
      const callback = await bot.interact(i);
      const elapsed = Date.now() - sent;
      expect(callback.body.type).toBe(CALLBACK.autocomplete);
      const choices = callback.body.data.choices as { name: string; value: string }[];
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      expect(choices.map((c) => c.value.toLowerCase())).toContain(typed.startsWith('p') ? 'prometheus' : 'hyperion');
      expect(elapsed).toBeLessThan(100);
    }
    const all = await bot.interact(autocomplete('sources', 'topic', ''));
    expect(all.body.data.choices.length).toBeLessThanOrEqual(25);
  });

  it('lists the articles about a topic with their best excerpt', async () => {
    const bot = await startBot();
    const i = slashCommand('sources', [{ name: 'topic', type: 3, value: 'Hyperion' }]);
    const callback = await bot.interact(i);
    const data = callback.body.data;
    expect(callback.body.type).toBe(CALLBACK.reply);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    const embed = data.embeds[0];
    expect(embed.title).toBe('Sources on Hyperion');
    const found = engine.sources('Hyperion');
    expect(found.found).toBe(true);
    expect(embed.description).toContain('**[1]** ');
    expect(embed.description.match(/\*\*\[\d+\]\*\*/g)).toHaveLength(found.sources.length);
    expect(embed.description).toMatch(/^> .*Hyperion/m);
  });
});

describe('Discord adapter: limits and faults', () => {
  it('answers a user over the rate limit with a private, friendly message and nothing from the engine', async () => {
    const bot = await startBot({ env: { RATE_LIMIT_COUNT: '2', RATE_LIMIT_WINDOW_SECONDS: '30' } });
    for (let n = 0; n < 2; n++) expect((await bot.interact(askQuestion('how big is Hyperion'))).body.data.embeds).toHaveLength(1);
    const refused = await bot.interact(askQuestion('how big is Hyperion'));
    expect(refused.body.type).toBe(CALLBACK.reply);
    expect(refused.body.data.flags).toBe(EPHEMERAL);
    expect(refused.body.data.embeds).toEqual([]);
    expect(refused.body.data.content).toMatch(/^You're asking faster than I can keep up\. Try again in \d+ s\.$/);
    // Another user still gets answers.
    expect((await bot.interact(askQuestion('how big is Hyperion', {}, BOB))).body.data.embeds).toHaveLength(1);
  });

  it('retries a callback that Discord answers with 429, and the user gets the answer', async () => {
    const bot = await startBot();
    let refusals = 0;
    bot.fake.overrides.push((r) => {
      if (r.path.endsWith('/callback') && refusals === 0) {
        refusals++;
        return { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false }, headers: { 'retry-after': '0.05' } };
      }
      return undefined;
    });
    const i = askQuestion('how big is Hyperion');
    bot.fake.dispatch('INTERACTION_CREATE', i);
    const ok = await bot.fake.waitFor((r) => r.path.endsWith('/callback') && r.path.includes(i.token) && r !== bot.fake.requestsFor(i.token)[0]);
    const attempts = bot.fake.requestsFor(i.token);
    expect(attempts.map((r) => r.method + ' ' + r.path.split('/').slice(-1))).toEqual(['POST callback', 'POST callback']);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(40);
    expect(ok.body).toEqual(attempts[0].body);
    expect(ok.body.data.embeds[0].description).toContain('5 gigawatts');
    expect(bot.logs.some((l) => l.includes('REST rate limited'))).toBe(true);
  });

  it('survives Discord answering 500 to everything: logs it, and the next interaction works', async () => {
    const bot = await startBot();
    let broken = true;
    bot.fake.overrides.push((r) => (broken && r.method !== 'GET' ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined));
    const i = askQuestion('how big is Hyperion');
    bot.fake.dispatch('INTERACTION_CREATE', i);
    await expect.poll(() => bot.logs.some((l) => l.includes('could not be acknowledged in time') && l.includes(i.id)), { timeout: 8000 }).toBe(true);
    broken = false;
    expect((await bot.interact(askQuestion('how big is Hyperion'))).body.data.embeds).toHaveLength(1);
  });

  it('cuts a 500-character question to the 256 of an embed title at a word boundary', async () => {
    const bot = await startBot();
    const question = ('how big is Hyperion compared with Prometheus in the Ohio and the other Meta datacenters ' .repeat(6)).slice(0, 500);
    const callback = await bot.interact(askQuestion(question));
    const embed = callback.body.data.embeds[0];
    expect(embed.title.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(embed.title.endsWith('…')).toBe(true);
    const kept = embed.title.slice(0, -1).trimEnd();
    expect(question.startsWith(kept)).toBe(true);
    expect(question[kept.length]).toBe(' '); // never mid-word
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
  });
});

describe('Discord adapter: a slow or failing core', () => {
  /** The real engine, made slow (`delayMs`) and/or failing, as an asynchronous core would be. */
  function wrapped(options: { delayMs: number; fail?: boolean }): AnswerEngine {
    const slow = <T>(make: () => T) =>
      new Promise<T>((resolve, reject) =>
        setTimeout(() => (options.fail ? reject(new Error('index unavailable')) : resolve(make())), options.delayMs),
      );
    return {
      ask: (q, o) => slow(() => engine.ask(q, o)) as never,
      sources: (t) => slow(() => engine.sources(t)) as never,
      suggestTopics: (p, l) => engine.suggestTopics(p, l),
      articles: () => engine.articles(),
    };
  }

  it('defers within 3 s (ephemeral when private), then edits the response with the answer', async () => {
    const bot = await startBot({ engine: wrapped({ delayMs: 2600 }) });
    const i = askQuestion('how big is Hyperion', { private: true });
    const sent = Date.now();
    const defer = await bot.interact(i);
    expect(Date.now() - sent).toBeLessThan(3000);
    expect(defer.body).toEqual({ type: CALLBACK.deferredReply, data: { flags: EPHEMERAL } });
    const edit = await bot.next(i, 'PATCH', '/messages/@original');
    expect(edit.path).toBe(`/webhooks/${APP_ID}/${i.token}/messages/@original`);
    expect(edit.body.embeds[0].description).toMatch(/\*\*[^*]*5 gigawatts[^*]*\*\*/);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(buttons(edit.body).map((b) => b.label)).toContain('Share in channel');
    expect(bot.fake.requestsFor(i.token).filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);
  });

  it('a handler error becomes a private "Something went wrong (ref XXXX)" with the same ref in the log', async () => {
    const bot = await startBot({ engine: wrapped({ delayMs: 10, fail: true }) });
    const callback = await bot.interact(askQuestion('how big is Hyperion'));
    expect(callback.body.type).toBe(CALLBACK.reply);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
    const ref = callback.body.data.content.match(/^Something went wrong \(ref ([0-9A-F]{4})\)/)?.[1];
    expect(ref).toBeDefined();
    const line = bot.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'discord: handler failed');
    expect(line).toMatchObject({ ref, command: 'ask', err: { message: 'index unavailable' } });
  });

  it('after a defer, the answer survives ten 500s on the edit: retried with backoff while the token lives', async () => {
    const bot = await startBot({ engine: wrapped({ delayMs: 2300 }), adapter: { retryBaseMs: 20 } });
    let failures = 0;
    bot.fake.overrides.push((r) =>
      r.method === 'PATCH' && r.path.endsWith('/messages/@original') && failures++ < 10 ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined,
    );
    const i = askQuestion('how big is Hyperion');
    expect((await bot.interact(i)).body.type).toBe(CALLBACK.deferredReply);
    const edits = () => bot.fake.requestsFor(i.token).filter((r) => r.method === 'PATCH');
    await expect.poll(() => edits().length, { timeout: 15_000 }).toBe(11);
    expect(edits()[10].body.embeds[0].description).toContain('5 gigawatts');
    const retries = bot.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'discord: sending failed; retrying');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatchObject({ interaction: i.id, what: 'answer' });
  });

  it('a callback Discord holds back past the 3 s (429, retry after 4 s) is logged at error level with the interaction id', async () => {
    const bot = await startBot();
    bot.fake.enforceDeadline = true;
    bot.fake.overrides.push((r) =>
      r.path.endsWith('/callback') && r.body?.type === CALLBACK.reply && bot.fake.requests.filter((x) => x.path.endsWith('/callback')).length === 1
        ? { status: 429, body: { message: 'You are being rate limited.', retry_after: 4, global: false }, headers: { 'retry-after': '4' } }
        : undefined,
    );
    const i = askQuestion('how big is Hyperion');
    bot.fake.dispatch('INTERACTION_CREATE', i);
    await expect
      .poll(() => bot.logs.map((l) => JSON.parse(l)).find((l) => l.level === 50 && /could not be acknowledged in time/.test(l.msg)), { timeout: 15_000 })
      .toMatchObject({ interaction: i.id });
  }, 20_000);

  it('an error after a public defer removes the "thinking…" message and tells the user alone', async () => {
    const bot = await startBot({ engine: wrapped({ delayMs: 2300, fail: true }) });
    const i = askQuestion('how big is Hyperion');
    const defer = await bot.interact(i);
    expect(defer.body).toEqual({ type: CALLBACK.deferredReply, data: { flags: 0 } });
    const followUp = await bot.next(i, 'POST', `/webhooks/${APP_ID}/${i.token}`);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.body.content).toMatch(/^Something went wrong \(ref [0-9A-F]{4}\)/);
    const methods = bot.fake.requestsFor(i.token).map((r) => r.method);
    expect(methods).toEqual(['POST', 'DELETE', 'POST']);
  });
});
