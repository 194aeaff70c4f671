// Talking to the bot in Slack: real Bolt (HTTP mode) against the fake Slack on loopback, Events API
// callbacks (app_mention, message.im, thread replies), and a real SQLite conversation store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlackAdapter } from '../../../src/adapters/slack/index.js';
import type { Engine } from '../../../src/core/engine.js';
import { ConversationStore } from '../../../src/state/conversation-store.js';
import { realEngine } from '../../helpers/corpus.js';
import {
  FakeSlack,
  buttonPress,
  deliver,
  deliverEvent,
  eventCallback,
  memoryLogger,
  messageTs,
  slashCommand,
  type ApiCall,
  type Json,
} from './fake-slack.js';
import { startSlack } from './setup.js';

const texts = (blocks: Json[]): string[] =>
  blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e: Json) => e.text) : []));
const buttons = (blocks: Json[]): Json[] => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);

let slack: FakeSlack;
let engine: Engine;
const log = memoryLogger('info');
const running: { adapter: SlackAdapter; store: ConversationStore }[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  slack = await new FakeSlack().start();
  engine = await realEngine();
});
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.adapter.stop();
    r.store.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  slack.replies.clear();
});
afterAll(async () => {
  await slack.stop();
});

async function start(options: { dir?: string; rateLimit?: number } = {}) {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'veille-slack-conv-'));
  if (!options.dir) dirs.push(dir);
  const store = ConversationStore.open(dir);
  const { adapter, eventsUrl } = await startSlack(slack, { engine, logger: log.logger, conversations: store, rateLimit: options.rateLimit });
  running.push({ adapter, store });
  return { adapter, eventsUrl, store, dir };
}

/** Delivers an event; resolves with the next chat.postMessage the app makes. */
async function send(url: string, event: Json, eventId?: string): Promise<ApiCall> {
  const before = slack.callsTo('chat.postMessage').length;
  const ack = await deliverEvent(url, eventCallback(event, { eventId }));
  expect(ack.status).toBe(200);
  return slack.until(() => slack.callsTo('chat.postMessage')[before]);
}

const mention = (text: string, over: Json = {}) => ({
  type: 'app_mention',
  user: 'U111',
  text: `<@UBOT> ${text}`,
  ts: messageTs(),
  channel: 'C111',
  event_ts: messageTs(),
  ...over,
});
const dm = (text: string, over: Json = {}) => ({
  type: 'message',
  channel_type: 'im',
  user: 'U111',
  text,
  ts: messageTs(),
  channel: 'D111',
  event_ts: messageTs(),
  ...over,
});

describe('Slack: mentions and direct messages', () => {
  it('answers a mention in a thread under the question, in Block Kit, with 👍 / 👎', async () => {
    const { eventsUrl } = await start();
    const event = mention('how big is Hyperion');
    const post = await send(eventsUrl, event);
    expect(post.body).toMatchObject({ channel: 'C111', thread_ts: event.ts });
    const all = texts(post.body.blocks);
    expect(all[0]).toBe('*Question:* how big is Hyperion');
    expect(all.some((t) => /\*5 gigawatts\*/.test(t))).toBe(true);
    expect(buttons(post.body.blocks).map((b) => b.text.text)).toEqual(expect.arrayContaining(['👍 Helpful', '👎 Not helpful']));
    // Public in the thread: nothing to share.
    expect(buttons(post.body.blocks).map((b) => b.text.text)).not.toContain('Share in channel');
  });

  it('answers a DM, and a follow-up in the DM is read with the previous question', async () => {
    const { eventsUrl } = await start();
    const first = await send(eventsUrl, dm('how big is Hyperion'));
    expect(first.body.channel).toBe('D111');
    const followUp = await send(eventsUrl, dm('and Prometheus?'));
    expect(texts(followUp.body.blocks)[0]).toBe('*Question:* how big is Prometheus');
    const full = engine.ask('how big is Prometheus');
    expect(full.answered).toBe(true);
    // The first quoted excerpt is about Prometheus.
    expect(texts(followUp.body.blocks).find((t) => t.startsWith('>'))).toContain('Prometheus');
  });

  it('a reply in its thread is a follow-up, with or without a mention, and survives a restart', async () => {
    const first = await start();
    const question = mention('how big is Hyperion');
    await send(first.eventsUrl, question);
    // The bot restarts: the thread's history is in the SQLite file.
    await running[0].adapter.stop();
    running[0].store.close();
    running.splice(0);
    const again = await start({ dir: first.dir });
    dirs.push(first.dir);
    const followUp = await send(again.eventsUrl, mention('and Prometheus?', { thread_ts: question.ts }));
    expect(followUp.body.thread_ts).toBe(question.ts);
    expect(texts(followUp.body.blocks)[0]).toBe('*Question:* how big is Prometheus');
    // A plain reply in the thread (message.channels), no mention.
    const reply = await send(again.eventsUrl, { type: 'message', channel_type: 'channel', user: 'U222', text: 'when?', ts: messageTs(), thread_ts: question.ts, channel: 'C111' });
    expect(texts(reply.body.blocks)[0]).toBe('*Question:* when Prometheus');
  });

  it('ignores bots, itself included, and answers a retried event once', async () => {
    const { eventsUrl } = await start();
    const before = slack.callsTo('chat.postMessage').length;
    await deliverEvent(eventsUrl, eventCallback(dm('how big is Hyperion', { user: 'UBOT', bot_id: 'BBOT' })));
    await deliverEvent(eventsUrl, eventCallback(dm('how big is Hyperion', { user: 'U999', bot_id: 'BOTHER', subtype: 'bot_message' })));
    await deliverEvent(eventsUrl, eventCallback(mention('how big is Hyperion', { user: 'U998', bot_id: 'BOTHER' })));
    const event = dm('how big is Prometheus');
    await send(eventsUrl, event, 'EvSame');
    await deliverEvent(eventsUrl, eventCallback(event, { eventId: 'EvSame' }), { retryNum: 1 });
    await new Promise((r) => setTimeout(r, 200));
    const posts = slack.callsTo('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    expect(texts(posts[0].body.blocks)[0]).toBe('*Question:* how big is Prometheus');
  });

  it('answers a greeting or an empty mention with a help line, and applies the rate limit', async () => {
    const { eventsUrl } = await start({ rateLimit: 1 });
    const help = await send(eventsUrl, mention(''));
    expect(help.body.text).toMatch(/how big is Hyperion/);
    expect((await send(eventsUrl, dm('merci !'))).body.text).toMatch(/taille d’Hyperion/);
    await send(eventsUrl, dm('how big is Hyperion'));
    const limited = await send(eventsUrl, dm('how big is Prometheus'));
    expect(limited.body.text).toMatch(/Try again in \d+ s/);
  });
});

describe('Slack: feedback and language', () => {
  it('records 👍 / 👎 once per user and answer, a second click changing it, and thanks privately', async () => {
    const { eventsUrl, store } = await start();
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    await deliver(eventsUrl, form);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    const up = buttons(reply.body.blocks).find((b) => b.action_id === 'veille_vote_up')!;
    const down = buttons(reply.body.blocks).find((b) => b.action_id === 'veille_vote_down')!;
    const press = async (button: Json, user = 'U111') => {
      const p = buttonPress(slack, button.action_id, button.value, { user });
      await deliver(eventsUrl, p.form);
      return (await slack.until(() => slack.responsesTo(p.id)[0])).body;
    };
    expect(await press(up)).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Thanks, noted.' });
    expect((await press(down)).text).toBe('Thanks, your vote is changed.');
    await press(up, 'U222');
    const rows = store.feedback();
    expect(rows.map((r) => [r.platform, r.channel, r.question, r.vote])).toEqual([
      ['slack', 'C111', 'how big is Hyperion', 'down'],
      ['slack', 'C111', 'how big is Hyperion', 'up'],
    ]);
    expect(rows[0].excerpts[0]).toMatchObject({ article: expect.any(String), text: expect.stringContaining('5 gigawatts') });
  });

  it('answers in French for a user whose Slack locale is French', async () => {
    slack.replies.set('users.info', (call) => ({ json: { ok: true, user: { id: call.body.user, locale: 'fr-FR', tz: 'Europe/Paris' } } }));
    const { eventsUrl } = await start();
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    await deliver(eventsUrl, form);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    expect(texts(reply.body.blocks)[0]).toBe('*Votre question:* how big is Hyperion');
    expect(buttons(reply.body.blocks).map((b) => b.text.text)).toEqual(expect.arrayContaining(['Partager dans le salon', '👍 Utile']));
    expect(slack.callsTo('users.info').at(-1)!.body.include_locale).toBe('true');
  });

  it('"More excerpts" works after a restart (its state is in the button)', async () => {
    const first = await start();
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    await deliver(first.eventsUrl, form);
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    const more = buttons(reply.body.blocks).find((b) => b.action_id === 'veille_more')!;
    expect(more).toBeDefined();
    await running[0].adapter.stop();
    running[0].store.close();
    running.splice(0);
    const again = await start({ dir: first.dir });
    dirs.push(first.dir);
    const p = buttonPress(slack, more.action_id, more.value);
    await deliver(again.eventsUrl, p.form);
    const next = (await slack.until(() => slack.responsesTo(p.id)[0])).body;
    expect(texts(next.blocks)[0]).toBe('*More excerpts for:* how big is Hyperion');
  });
});
