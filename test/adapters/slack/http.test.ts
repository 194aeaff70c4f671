// The Slack adapter in HTTP mode, end to end: the real Bolt app and HTTP receiver on loopback,
// requests signed as Slack signs them, a fake Web API and fake response_urls, and the real engine
// on the real corpus.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlackAdapter } from '../../../src/adapters/slack/index.js';
import type { Article } from '../../../src/core/article.js';
import { loadCorpus } from '../../../src/core/corpus.js';
import { Engine } from '../../../src/core/engine.js';
import type { AnswerEngine } from '../../../src/core/types.js';
import {
  BOT_TOKEN,
  FakeSlack,
  SIGNING_SECRET,
  buttonPress,
  deliver,
  memoryLogger,
  sign,
  slashCommand,
  type Json,
  type Posted,
} from './fake-slack.js';
import { startSlack } from './setup.js';


/** Every mrkdwn text of a message's blocks. */
function texts(blocks: Json[]): string[] {
  return blocks.flatMap((b) =>
    b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e: Json) => e.text) : [],
  );
}

function buttons(blocks: Json[]): Json[] {
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let slack: FakeSlack;
let engine: Engine;
const log = memoryLogger('debug');
const running: SlackAdapter[] = [];

async function start(options: { engine?: AnswerEngine; rateLimit?: number } = {}) {
  const started = await startSlack(slack, { engine: options.engine ?? engine, logger: log.logger, rateLimit: options.rateLimit });
  running.push(started.adapter);
  return started;
}

beforeAll(async () => {
  slack = await new FakeSlack().start();
  engine = await Engine.fromDirectory('corpus');
});

afterEach(async () => {
  while (running.length) await running.pop()!.stop();
  slack.replies.clear();
});

afterAll(async () => {
  await slack.stop();
  // Whatever happened above, no secret reached the logs (the Web API client logs requests at debug).
  const logs = log.text();
  expect(logs.length).toBeGreaterThan(0);
  expect(logs).not.toContain(BOT_TOKEN);
  expect(logs).not.toContain(SIGNING_SECRET);
});

/** An adapter for a whole describe block (start() is per test). */
function startForBlock(): { url: () => string } {
  let adapter: SlackAdapter;
  let eventsUrl = '';
  beforeAll(async () => {
    ({ adapter, eventsUrl } = await startSlack(slack, { engine, logger: log.logger }));
  });
  afterAll(async () => adapter.stop());
  return { url: () => eventsUrl };
}

describe('/ask over HTTP', () => {
  const app = startForBlock();
  let eventsUrl: string;
  beforeAll(() => {
    eventsUrl = app.url();
  });

  it('acknowledges at once with an empty body, then answers privately with quoted, cited excerpts', async () => {
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    const ack = await deliver(eventsUrl, form);
    expect(ack).toMatchObject({ status: 200, body: '' });
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const blocks = reply.body.blocks as Json[];
    expect(blocks[0].text.text).toBe('*You asked:* how big is Hyperion');
    const all = texts(blocks);
    // Several articles give the figure: said once, under the question.
    expect(all[1]).toMatch(/^:white_check_mark: \d+ articles agree on 5 gigawatts$/);
    // An excerpt quoting 5 gigawatts, with the answer in bold.
    const quote = all.find((t) => t.startsWith('>') && /5\s*(gigawatts|GW)/i.test(t));
    expect(quote).toBeDefined();
    expect(quote).toMatch(/\*[^*]+\*/);
    // Each excerpt section is followed by its citation.
    const i = blocks.findIndex((b) => b.type === 'section' && b.text.text === quote);
    expect(blocks[i + 1].type).toBe('context');
    expect(blocks[i + 1].elements[0].text.length).toBeGreaterThan(5);
    expect(buttons(blocks).map((b) => b.text.text)).toContain('Share in channel');
    expect(reply.body.text).toMatch(/5\s*(gigawatts|GW)/i);
    // The bot token went to the fake Web API, i.e. SLACK_API_URL reached Bolt.
    expect(slack.callsTo('auth.test')[0].authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('shows usage for an empty /ask right in the acknowledgement, and nothing else', async () => {
    const { id, form } = slashCommand(slack, '/ask', '   ');
    const ack = await deliver(eventsUrl, form);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ response_type: 'ephemeral' });
    expect((ack.body as Json).text).toContain('/ask how big is Hyperion');
    await sleep(200);
    expect(slack.responsesTo(id)).toHaveLength(0);
  });

  it('says so, with topics to try, when the articles do not answer', async () => {
    const { id, form } = slashCommand(slack, '/ask', 'who won the 1998 football world cup final');
    await deliver(eventsUrl, form);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    expect(reply.body.response_type).toBe('ephemeral');
    const answer = engine.ask('who won the 1998 football world cup final');
    expect(answer.answered).toBe(false);
    const all = texts(reply.body.blocks);
    expect(all[0]).toBe('*Not in the articles.* Nothing in the corpus answers that.');
    if (!answer.answered && answer.suggestions.length > 0) expect(all[1]).toMatch(/^Try a topic they cover: `\/ask /);
    // Nothing to share or page through; a vote says whether abstaining was right.
    expect(buttons(reply.body.blocks).map((b) => b.text.text)).toEqual(['👍 Helpful', '👎 Not helpful']);
  });

  it('lists the articles about a topic for /sources', async () => {
    const { id, form } = slashCommand(slack, '/sources', 'Hyperion');
    await deliver(eventsUrl, form);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    const sources = engine.sources('Hyperion');
    expect(sources.found).toBe(true);
    const all = texts(reply.body.blocks);
    const n = sources.sources.length;
    expect(all[0]).toBe(`*${n} article${n > 1 ? 's' : ''} about:* Hyperion`);
    expect(all.filter((t) => t.startsWith('>'))).toHaveLength(n);
    expect(all.some((t) => /· \d+ passages?$/.test(t))).toBe(true);
  });

  it('refuses a forged signature and a six-minute-old timestamp with 401, and answers neither', async () => {
    const forged = slashCommand(slack, '/ask', 'how big is Hyperion');
    const now = Math.floor(Date.now() / 1000);
    const bad = await deliver(eventsUrl, forged.form, { signature: sign('something else', now) });
    expect(bad.status).toBe(401);
    const wrongSecret = await deliver(eventsUrl, forged.form, {
      signature: sign(new URLSearchParams(forged.form).toString(), now, 'not-the-secret'),
    });
    expect(wrongSecret.status).toBe(401);
    const stale = slashCommand(slack, '/ask', 'how big is Hyperion');
    const old = await deliver(eventsUrl, stale.form, { timestamp: now - 6 * 60 }); // correctly signed, but old
    expect(old.status).toBe(401);
    await sleep(300);
    expect(slack.responsesTo(forged.id)).toHaveLength(0);
    expect(slack.responsesTo(stale.id)).toHaveLength(0);
  });

  it('answers a retried delivery (X-Slack-Retry-Num) once, not twice', async () => {
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    expect((await deliver(eventsUrl, form)).status).toBe(200);
    await slack.until(() => slack.responsesTo(id).length > 0);
    const retry = await deliver(eventsUrl, form, { retryNum: 1 });
    expect(retry.status).toBe(200);
    const again = await deliver(eventsUrl, form, { retryNum: 2 });
    expect(again.status).toBe(200);
    await sleep(400);
    expect(slack.responsesTo(id)).toHaveLength(1);
  });

  it('still answers a retry whose first delivery never arrived', async () => {
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    expect((await deliver(eventsUrl, form, { retryNum: 1 })).status).toBe(200);
    await slack.until(() => slack.responsesTo(id).length > 0);
    await sleep(200);
    expect(slack.responsesTo(id)).toHaveLength(1);
  });
});

describe('buttons', () => {
  const app = startForBlock();
  let eventsUrl: string;
  let reply: Posted;
  beforeAll(async () => {
    eventsUrl = app.url();
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    await deliver(eventsUrl, form);
    [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
  });
  const button = (label: string) => buttons(reply.body.blocks as Json[]).find((b) => String(b.text.text).startsWith(label));

  it('"Share in channel" posts the same answer publicly with chat.postMessage, then marks the private copy', async () => {
    const share = button('Share in channel')!;
    const before = slack.callsTo('chat.postMessage').length;
    const press = buttonPress(slack, share.action_id, share.value);
    const ack = await deliver(eventsUrl, press.form);
    expect(ack).toMatchObject({ status: 200, body: '' });
    const post = await slack.until(() => slack.callsTo('chat.postMessage')[before]);
    expect(post.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(post.body.channel).toBe('C111');
    const blocks = post.body.blocks as Json[];
    expect(texts(blocks)[0]).toBe('<@U111> asked: *how big is Hyperion*');
    // The same excerpts and citations as the private answer; of the buttons, only 👍 / 👎.
    const privateQuotes = texts(reply.body.blocks).slice(1);
    expect(texts(blocks).slice(1)).toEqual(privateQuotes);
    expect(buttons(blocks).map((b) => b.text.text)).toEqual(['👍 Helpful', '👎 Not helpful']);
    // The private copy loses its buttons, so it is not shared twice.
    const [marked] = await slack.until(() => slack.responsesTo(press.id).length > 0 && slack.responsesTo(press.id));
    expect(marked.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(texts(marked.body.blocks).at(-1)).toBe('Shared in the channel.');
    expect(buttons(marked.body.blocks)).toHaveLength(0);
  });

  it('shares through the response_url (in_channel) where the bot is not in the channel', async () => {
    slack.replies.set('chat.postMessage', () => ({ json: { ok: false, error: 'not_in_channel' } }));
    const share = button('Share in channel')!;
    const press = buttonPress(slack, share.action_id, share.value, { channel: 'G222' });
    await deliver(eventsUrl, press.form);
    const posted = await slack.until(() => slack.responsesTo(press.id).length >= 2 && slack.responsesTo(press.id));
    expect(posted[0].body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(texts(posted[0].body.blocks)[0]).toBe('<@U111> asked: *how big is Hyperion*');
    expect(posted[1].body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
  });

  it('tells the user when Slack rate-limits the share (429), and keeps working', async () => {
    slack.replies.set('chat.postMessage', () => ({ status: 429, headers: { 'retry-after': '7' }, json: { ok: false, error: 'ratelimited' } }));
    const share = button('Share in channel')!;
    const press = buttonPress(slack, share.action_id, share.value);
    expect((await deliver(eventsUrl, press.form)).status).toBe(200);
    const [told] = await slack.until(() => slack.responsesTo(press.id).length > 0 && slack.responsesTo(press.id));
    expect(told.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(told.body.text).toBe('Slack is busy right now. Try sharing again in 7 s.');
    // Once Slack recovers, sharing works.
    slack.replies.delete('chat.postMessage');
    const retry = buttonPress(slack, share.action_id, share.value);
    await deliver(eventsUrl, retry.form);
    const [marked] = await slack.until(() => slack.responsesTo(retry.id).length > 0 && slack.responsesTo(retry.id));
    expect(texts(marked.body.blocks).at(-1)).toBe('Shared in the channel.');
  });

  it('reports any other Web API error (ok:false) with a reference, without crashing', async () => {
    slack.replies.set('chat.postMessage', () => ({ json: { ok: false, error: 'is_archived' } }));
    const share = button('Share in channel')!;
    const press = buttonPress(slack, share.action_id, share.value);
    await deliver(eventsUrl, press.form);
    const [told] = await slack.until(() => slack.responsesTo(press.id).length > 0 && slack.responsesTo(press.id));
    const ref = /ref ([0-9A-F]{4})/.exec(told.body.text)?.[1];
    expect(told.body.text).toMatch(/^I couldn't share this in the channel \(ref [0-9A-F]{4}\)\.$/);
    expect(log.text()).toMatch(new RegExp(`"ref":"${ref}".*is_archived`));
  });

  it('"More excerpts" adds the next excerpts as a new private message', async () => {
    // A question the corpus has more than one page for (engine-driven, not hard-coded).
    const question = ['what is Prometheus', 'how much will Meta spend on AI infrastructure', 'Meta datacenter'].find((q) => {
      const a = engine.ask(q);
      return a.answered && a.moreAvailable > 0;
    });
    expect(question).toBeDefined();
    const first = engine.ask(question!);
    const asked = slashCommand(slack, '/ask', question!);
    await deliver(eventsUrl, asked.form);
    const [page1] = await slack.until(() => slack.responsesTo(asked.id).length > 0 && slack.responsesTo(asked.id));
    const more = buttons(page1.body.blocks).find((b) => b.action_id === 'veille_more')!;
    expect(more.text.text).toBe(`More excerpts (${first.answered ? first.moreAvailable : 0})`);
    const press = buttonPress(slack, more.action_id, more.value);
    await deliver(eventsUrl, press.form);
    const [page2] = await slack.until(() => slack.responsesTo(press.id).length > 0 && slack.responsesTo(press.id));
    expect(page2.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const all = texts(page2.body.blocks);
    expect(all[0]).toBe(`*More excerpts for:* ${question}`);
    const firstQuotes = texts(page1.body.blocks).filter((t) => t.startsWith('>'));
    const nextQuotes = all.filter((t) => t.startsWith('>'));
    expect(nextQuotes.length).toBeGreaterThan(0);
    for (const q of nextQuotes) expect(firstQuotes).not.toContain(q);
  });
});

describe('rate limit, faults and shutdown', () => {
  it('answers the question over the limit with the shared friendly message, privately, in the ack', async () => {
    const { eventsUrl } = await start({ rateLimit: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion', { user_id: 'URATE' });
      ids.push(id);
      expect((await deliver(eventsUrl, form)).body).toBe('');
    }
    const third = slashCommand(slack, '/ask', 'how big is Hyperion', { user_id: 'URATE' });
    const ack = await deliver(eventsUrl, third.form);
    expect(ack.body).toMatchObject({ response_type: 'ephemeral' });
    expect((ack.body as Json).text).toMatch(/^You're asking faster than I can keep up\. Try again in \d+ s\.$/);
    // Another user is not affected.
    const other = slashCommand(slack, '/ask', 'how big is Hyperion', { user_id: 'UOTHER' });
    expect((await deliver(eventsUrl, other.form)).body).toBe('');
    await slack.until(() => slack.responsesTo(other.id).length > 0);
    await sleep(100);
    expect(slack.responsesTo(third.id)).toHaveLength(0);
  });

  it('replies "Something went wrong (ref XXXX)" privately when the engine fails, and logs the same ref', async () => {
    const failing: AnswerEngine = {
      ask: () => {
        throw new Error('index exploded');
      },
      sources: (t) => engine.sources(t),
      suggestTopics: (p, l) => engine.suggestTopics(p, l),
      articles: () => engine.articles(),
    };
    const { eventsUrl } = await start({ engine: failing });
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    expect(await deliver(eventsUrl, form)).toMatchObject({ status: 200, body: '' });
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    expect(reply.body.response_type).toBe('ephemeral');
    const ref = /^Something went wrong \(ref ([0-9A-F]{4})\)\./.exec(reply.body.text)?.[1];
    expect(ref).toBeDefined();
    const line = log.lines().find((l) => l.includes(`"ref":"${ref}"`));
    expect(line).toContain('index exploded');
  });

  it('acknowledges before slow work: Slack gets its 200 while the engine is still busy', async () => {
    let busyUntil = 0;
    const slow: AnswerEngine = {
      ...engineMethods(),
      ask: (q, o) => {
        busyUntil = Date.now() + 3500;
        while (Date.now() < busyUntil); // blocks the whole process, as a slow synchronous engine would
        return engine.ask(q, o);
      },
    };
    const { eventsUrl } = await start({ engine: slow });
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    // Slack is another process: deliver from a child process, which notes when the ack arrives.
    const body = new URLSearchParams(form).toString();
    const ts = Math.floor(Date.now() / 1000);
    const acked = await deliverFromChild(eventsUrl, body, ts);
    expect(acked.status).toBe(200);
    expect(acked.at).toBeLessThan(busyUntil);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id), 10_000);
    expect(texts(reply.body.blocks).some((t) => /5\s*(gigawatts|GW)/i.test(t))).toBe(true);
  });

  it('stop() lets an acknowledged answer reach its user, then closes the port', async () => {
    const slow: AnswerEngine = {
      ...engineMethods(),
      ask: (q, o) => {
        const until = Date.now() + 500;
        while (Date.now() < until);
        return engine.ask(q, o);
      },
    };
    const { adapter, eventsUrl } = await start({ engine: slow });
    running.pop();
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    await deliver(eventsUrl, form);
    await adapter.stop();
    expect(slack.responsesTo(id)).toHaveLength(1);
    await expect(fetch(eventsUrl, { method: 'POST' })).rejects.toThrow();
    await adapter.stop(); // a second stop is harmless
  });

  it('fails to start with a clear message, naming no secret, when Slack refuses the bot token', async () => {
    slack.replies.set('auth.test', () => ({ json: { ok: false, error: 'invalid_auth' } }));
    const attempt = startSlack(slack, { engine, logger: log.logger });
    await expect(attempt).rejects.toThrow('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    await attempt.catch((e: Error) => expect(e.message).not.toContain(BOT_TOKEN));
  });
});

function engineMethods(): AnswerEngine {
  return {
    ask: (q, o) => engine.ask(q, o),
    sources: (t) => engine.sources(t),
    suggestTopics: (p, l) => engine.suggestTopics(p, l),
    articles: () => engine.articles(),
  };
}

function deliverFromChild(url: string, body: string, ts: number): Promise<{ status: number; at: number }> {
  const script = `
    const res = await fetch(process.env.URL, { method: 'POST', body: process.env.BODY, headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': process.env.TS, 'x-slack-signature': process.env.SIG } });
    await res.text();
    console.log(JSON.stringify({ status: res.status, at: Date.now() }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, URL: url, BODY: body, TS: String(ts), SIG: sign(body, ts) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out));
      } catch (e) {
        reject(e);
      }
    });
  });
}

describe('escaping and limits with the engine over fixture articles', () => {
  const fixture = (id: string, body: string, over: Partial<Article> = {}): Article => ({
    id,
    title: `Hyperion ${id}`,
    source: 'Fixture & Co',
    url: `https://example.com/${id}`,
    date: '2025-07-15',
    lang: 'en',
    added: '2025-07-16T00:00:00Z',
    body,
    ...over,
  });

  it('escapes <!channel> and & from article text, so the reply can never ping anyone', async () => {
    // The real corpus plus one article full of Slack control sequences.
    const { articles } = await loadCorpus('corpus');
    const tricky = Engine.fromArticles([
      ...articles,
      fixture(
        'tricky',
        'Meta & Blue Owl said the Zephyr campus will reach a capacity of 7 gigawatts, <!channel> <!here> <!everyone> <@U999> <https://evil.example|click>.',
        { title: 'Zephyr <!everyone> & more' },
      ),
    ]);
    const { eventsUrl } = await start({ engine: tricky });
    const { id, form } = slashCommand(slack, '/ask', 'how big is Zephyr');
    await deliver(eventsUrl, form);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    const json = JSON.stringify(reply.body);
    for (const raw of ['<!channel>', '<!here>', '<!everyone>', '<@U999>', '<https://evil.example']) expect(json).not.toContain(raw);
    const all = texts(reply.body.blocks).join('\n');
    expect(all).toContain('>Meta &amp; Blue Owl said the Zephyr campus will reach a capacity of *7 gigawatts*, &lt;!channel&gt; &lt;!here&gt;');
    expect(all).toContain('<https://example.com/tricky|Zephyr &lt;!everyone&gt; &amp; more> · Fixture &amp; Co · 2025-07-15');
  });

  it('keeps a long /sources list within 50 blocks of at most 3000 characters', async () => {
    const many = Engine.fromArticles(
      Array.from({ length: 40 }, (_, i) =>
        fixture(`a${i}`, `Article ${i}: the Hyperion campus in Louisiana will draw up to 5 gigawatts. ${'More about Hyperion. '.repeat(i % 5)}`),
      ),
    );
    const { eventsUrl } = await start({ engine: many });
    const { id, form } = slashCommand(slack, '/sources', 'Hyperion');
    await deliver(eventsUrl, form);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    const blocks = reply.body.blocks as Json[];
    expect(many.sources('Hyperion').sources.length).toBeGreaterThan(24);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const t of texts(blocks)) expect(t.length).toBeLessThanOrEqual(3000);
    expect(texts(blocks).some((t) => /^\d+ more articles? not shown\.$/.test(t))).toBe(true);
  });
});

describe('renamed commands', () => {
  it('answers under the names SLACK_COMMAND_* give (as the manifest declares them), and logs one line per command', async () => {
    const started = await startSlack(slack, { engine, logger: log.logger, env: { SLACK_COMMAND_ASK: '/veille-ask' } });
    running.push(started.adapter);
    const { id, form } = slashCommand(slack, '/veille-ask', 'how big is Hyperion');
    expect((await deliver(started.eventsUrl, form)).status).toBe(200);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    expect(JSON.stringify(reply.body)).toMatch(/5 gigawatts/);
    await expect
      .poll(() => log.lines().map((l) => JSON.parse(l) as Json).find((l) => l.msg === 'command handled' && l.command === '/veille-ask'))
      .toMatchObject({ platform: 'slack', answered: true, outcome: 'answered' });
  });

  it('names the renamed commands in its usage lines and in the topics it suggests', async () => {
    const env = { SLACK_COMMAND_ASK: '/veille-ask', SLACK_COMMAND_SOURCES: '/veille-sources' };
    const started = await startSlack(slack, { engine, logger: log.logger, env });
    running.push(started.adapter);
    const empty = slashCommand(slack, '/veille-ask', '');
    const usage = (await deliver(started.eventsUrl, empty.form)).body as Json;
    expect(usage.text).toContain('`/veille-ask how big is Hyperion`');
    expect(usage.text).not.toContain('`/ask ');
    const emptySources = slashCommand(slack, '/veille-sources', ' ');
    expect(((await deliver(started.eventsUrl, emptySources.form)).body as Json).text).toContain('`/veille-sources ');

    const question = 'who won the 1998 football world cup final';
    const answer = engine.ask(question);
    expect(!answer.answered && answer.suggestions.length).toBeGreaterThan(0);
    const { id, form } = slashCommand(slack, '/veille-ask', question);
    await deliver(started.eventsUrl, form);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    const suggestions = texts(reply.body.blocks)[1];
    expect(suggestions).toMatch(/^Try a topic they cover: `\/veille-ask [^`]+`/);
    expect(suggestions).not.toContain('`/ask ');
  });
});
