// /digest on Slack and the digest posted with chat.postMessage, end to end: the real Bolt app in
// HTTP mode on loopback, the fake Web API (users.info for roles), the real runner over SQLite.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestMessages } from '../../../src/adapters/slack/blocks.js';
import type { SlackAdapter } from '../../../src/adapters/slack/index.js';
import { loadCorpus } from '../../../src/core/corpus.js';
import type { Article } from '../../../src/core/article.js';
import { Engine } from '../../../src/core/engine.js';
import { DigestRunner } from '../../../src/digest/runner.js';
import type { SqliteDigestStore } from '../../../src/digest/store.js';
import { article, tempStore } from '../../digest/helpers.js';
import { FakeSlack, deliver, memoryLogger, slashCommand, type Json } from './fake-slack.js';
import { startSlack } from './setup.js';

let slack: FakeSlack;
let corpus: Article[];
const log = memoryLogger('info');
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  slack = await new FakeSlack().start();
  corpus = (await loadCorpus('corpus')).articles;
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  slack.replies.clear();
});
afterAll(async () => slack.stop());

function freshEngine(): Engine {
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();
  return Engine.fromArticles([
    ...corpus.map((a) => ({ ...a, added: hourAgo })),
    { ...article('ping', hourAgo), title: 'Read this <!channel> & <@U999>' },
  ]);
}

async function start(env: Record<string, string> = {}): Promise<{ url: string; runner: DigestRunner; store: SqliteDigestStore; adapter: SlackAdapter }> {
  const { store, state, cleanup } = tempStore();
  const engine = freshEngine();
  const runner = new DigestRunner({ store: state, engine, logger: log.logger, retryDelaysMs: [20, 20] });
  const { adapter, eventsUrl } = await startSlack(slack, { engine, logger: log.logger, digest: runner, env });
  await runner.addDelivery(adapter.digestDelivery);
  await runner.start();
  cleanups.push(cleanup, () => adapter.stop(), () => runner.stop());
  return { url: eventsUrl, runner, store, adapter };
}

/** Sends `/digest <text>`; resolves with the ack body and the first reply through response_url. */
async function digest(url: string, text: string, user = 'U111', command = '/digest'): Promise<{ ack: unknown; reply: Json | undefined; all: () => Json[] }> {
  const { id, form } = slashCommand(slack, command, text, { user_id: user });
  const ack = await deliver(url, form);
  expect(ack.status).toBe(200);
  const acked = typeof ack.body === 'object' && ack.body !== null;
  const reply = acked ? undefined : (await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id)))[0].body;
  return { ack: ack.body, reply, all: () => slack.responsesTo(id).map((r) => r.body) };
}

const admin = () => slack.replies.set('users.info', (call) => ({ json: { ok: true, user: { id: call.body.user, is_admin: true, tz: 'America/New_York' } } }));

describe('/digest on Slack', () => {
  it('refuses a member who is neither admin, owner nor listed, after checking users.info', async () => {
    const { url, store } = await start();
    const { reply } = await digest(url, 'subscribe 09:00 Europe/Paris');
    expect(reply!.response_type).toBe('ephemeral');
    expect(reply!.text).toMatch(/^Only workspace admins and owners, or the people listed in SLACK_DIGEST_ADMINS/);
    expect(slack.callsTo('users.info').at(-1)!.body.user).toBe('U111');
    expect(store.subscription('slack', 'C111')).toBeNull();
  });

  it('lets a workspace admin subscribe, with clear errors and an example for a bad time or time zone', async () => {
    const { url, store } = await start();
    admin();
    const badTime = await digest(url, 'subscribe 25:00 Europe/Paris');
    expect(badTime.reply!.text).toMatch(/“25:00” is not a time of day\. Use 24-hour HH:MM, e\.g\. 09:00/);
    expect(badTime.reply!.text).toContain('`/digest subscribe 09:00 Europe/Paris`');
    const badZone = await digest(url, 'subscribe 09:00 Mars/Olympus');
    expect(badZone.reply!.text).toMatch(/“Mars\/Olympus” is not a time zone\. Use an IANA name, e\.g\. Europe\/Paris/);
    expect(store.subscription('slack', 'C111')).toBeNull();
    const ok = await digest(url, 'subscribe 09:00 Europe/Paris');
    expect(ok.reply!.text).toMatch(/^Subscribed: .* every day at 09:00 \(Europe\/Paris\)\. First digest: \w+ \d+ \w+ \d{4}, 09:00 \(Europe\/Paris\)/);
    expect(store.subscription('slack', 'C111')).toMatchObject({ time: '09:00', timezone: 'Europe/Paris', createdBy: 'U111' });
    // Without a time zone: the subscriber's own, from their profile.
    await digest(url, 'subscribe 07:30');
    expect(store.subscription('slack', 'C111')).toMatchObject({ time: '07:30', timezone: 'America/New_York' });
    const status = await digest(url, 'status');
    expect((status.ack as Json).text).toMatch(/every day at 07:30 \(America\/New_York\)\.\nNext run: .*07:30/);
  });

  it('lets the users listed in SLACK_DIGEST_ADMINS subscribe and unsubscribe', async () => {
    const { url, store } = await start({ SLACK_DIGEST_ADMINS: 'U777, U888' });
    await digest(url, 'subscribe 18:00 UTC', 'U888');
    expect(store.subscription('slack', 'C111')).toMatchObject({ time: '18:00', timezone: 'UTC', createdBy: 'U888' });
    const off = await digest(url, 'unsubscribe', 'U888');
    expect(off.reply!.text).toMatch(/^Unsubscribed/);
    expect(store.subscription('slack', 'C111')).toBeNull();
  });

  it('previews privately, and answers an unknown subcommand with the usage', async () => {
    const { url } = await start();
    const preview = await digest(url, 'preview');
    expect(preview.reply!.response_type).toBe('ephemeral');
    expect(preview.reply!.blocks[0].text.text).toMatch(/^\*Digest for \w+day .* · 6 new articles\*$/);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    const usage = await digest(url, 'sometimes');
    expect((usage.ack as Json).text).toContain('/digest subscribe 09:00 Europe/Paris');
  });

  it('names the command as SLACK_COMMAND_DIGEST renames it, in its usage, examples, status and refusals', async () => {
    const { url } = await start({ SLACK_COMMAND_DIGEST: '/veille-digest' });
    const usage = ((await digest(url, '', 'U111', '/veille-digest')).ack as Json).text as string;
    expect(usage).toContain('`/veille-digest subscribe 09:00 Europe/Paris`');
    for (const sub of ['unsubscribe', 'status', 'preview']) expect(usage).toContain(`\`/veille-digest ${sub}\``);
    expect(usage).not.toMatch(/\/digest\b/);
    const status = ((await digest(url, 'status', 'U111', '/veille-digest')).ack as Json).text as string;
    expect(status).toMatch(/^No daily digest in this channel\. Subscribe with `\/veille-digest subscribe 09:00 Europe\/Paris`/);
    const refused = (await digest(url, 'subscribe 09:00 Europe/Paris', 'U111', '/veille-digest')).reply!.text as string;
    expect(refused).toMatch(/\/veille-digest status and \/veille-digest preview are open to everyone\.$/);
    admin();
    const badTime = (await digest(url, 'subscribe 25:00', 'U111', '/veille-digest')).reply!.text as string;
    expect(badTime).toContain('`/veille-digest subscribe 09:00 Europe/Paris`');
    expect(badTime).not.toMatch(/\/digest\b/);
  });
});

describe('the digest posted in a Slack channel', () => {
  it('posts blocks with chat.postMessage, every article text escaped', async () => {
    const { runner, store } = await start();
    const before = slack.callsTo('chat.postMessage').length;
    const sub = store.subscribe({ platform: 'slack', channel: 'C111', time: '09:00', timezone: 'Europe/Paris', createdBy: 'U1' });
    const outcome = await runner.trigger(sub, new Date());
    expect(outcome.status).toBe('delivered');
    const calls = slack.callsTo('chat.postMessage').slice(before);
    expect(calls).toHaveLength(1);
    const body = calls[0].body;
    expect(body.channel).toBe('C111');
    expect(body.text).toMatch(/^Digest for .* · 6 new articles/);
    const blocks = body.blocks as Json[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks[0].text.text).toMatch(/^\*Digest for/);
    const all = JSON.stringify(blocks);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U999>');
    expect(all).toContain('&lt;!channel&gt; &amp; &lt;@U999&gt;');
    const quote = blocks.find((b) => b.type === 'section' && /^>.*Hyperion/.test(b.text.text));
    expect(quote).toBeDefined();
    for (const b of blocks) if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3000);
  });

  it('a 500 three times: recorded as failed, shown by /digest status, the app still answers', async () => {
    const { url, runner, store } = await start();
    slack.replies.set('chat.postMessage', () => ({ status: 500, json: { ok: false, error: 'internal_error' } }));
    const before = slack.callsTo('chat.postMessage').length;
    const sub = store.subscribe({ platform: 'slack', channel: 'C111', time: '09:00', timezone: 'Europe/Paris', createdBy: 'U1' });
    const outcome = await runner.trigger(sub, new Date());
    expect(outcome.status).toBe('failed');
    expect(slack.callsTo('chat.postMessage').length - before).toBe(3);
    const status = await digest(url, 'status');
    expect((status.ack as Json).text).toMatch(/Last run: .*: failed after 3 tries: .*500/);
  });

  it('splits a long digest into messages of at most 50 blocks', () => {
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const engine = Engine.fromArticles(Array.from({ length: 40 }, (_, i) => article(`a${i}`, hourAgo)));
    const messages = digestMessages(engine.digest(new Date(Date.now() - 86400_000), new Date()));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(50);
    const titles = messages.flatMap((m) => m.blocks).filter((b) => b.type === 'section' && 'text' in b && b.text!.text.startsWith('*<https://example.com/'));
    expect(titles).toHaveLength(40);
  });
});
