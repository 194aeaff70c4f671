// The Slack adapter in Socket Mode, end to end on loopback: Bolt's Socket Mode client asks the fake
// Web API for a WebSocket URL (apps.connections.open, with the app token), connects to the fake's
// ws:// endpoint, receives a slash command envelope, acknowledges it on the socket and answers
// through the response_url.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackAdapter } from '../../../src/adapters/slack/index.js';
import { Engine } from '../../../src/core/engine.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack, eventCallback, memoryLogger, messageTs, slashCommand, type Json } from './fake-slack.js';
import { startSlack } from './setup.js';


describe('Socket Mode', () => {
  let slack: FakeSlack;
  let adapter: SlackAdapter;
  const log = memoryLogger('debug');

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    const engine = await Engine.fromDirectory('corpus');
    ({ adapter } = await startSlack(slack, { engine, logger: log.logger, mode: 'socket' }));
  });

  afterAll(async () => {
    await adapter?.stop();
    await slack.stop();
  });

  it('connects with the app token, without listening on any port', () => {
    expect(adapter.mode).toBe('socket');
    expect(adapter.port).toBeUndefined();
    expect(slack.callsTo('apps.connections.open')[0].authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(slack.socketCount).toBe(1);
  });

  it('acknowledges a slash command envelope on the socket, then answers privately', async () => {
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    slack.sendEnvelope({ envelope_id: 'env-1', type: 'slash_commands', payload: form, accepts_response_payload: true });
    const ack = await slack.until(() => slack.socketAcks.find((a) => a.envelope_id === 'env-1'));
    expect(ack.payload ?? {}).toEqual({});
    const [reply] = await slack.until(() => slack.responsesTo(id).length > 0 && slack.responsesTo(id));
    expect(reply.body.response_type).toBe('ephemeral');
    const sections = (reply.body.blocks as Json[]).filter((b) => b.type === 'section').map((b) => b.text.text as string);
    expect(sections[0]).toBe('*You asked:* how big is Hyperion');
    expect(sections.some((t) => /5\s*(gigawatts|GW)/i.test(t))).toBe(true);
  });

  it('puts the usage help in the socket acknowledgement for an empty /ask', async () => {
    const { form } = slashCommand(slack, '/ask', '');
    slack.sendEnvelope({ envelope_id: 'env-2', type: 'slash_commands', payload: form, accepts_response_payload: true });
    const ack = await slack.until(() => slack.socketAcks.find((a) => a.envelope_id === 'env-2'));
    expect((ack.payload as Json).response_type).toBe('ephemeral');
    expect((ack.payload as Json).text).toContain('/ask how big is Hyperion');
  });

  it('acknowledges an app_mention envelope, then answers in a thread under the message', async () => {
    const ts = messageTs();
    const before = slack.callsTo('chat.postMessage').length;
    const event = { type: 'app_mention', user: 'U111', text: '<@UBOT> how big is Hyperion', ts, channel: 'C111', event_ts: ts };
    slack.sendEnvelope({ envelope_id: 'env-m', type: 'events_api', payload: eventCallback(event), accepts_response_payload: false });
    await slack.until(() => slack.socketAcks.find((a) => a.envelope_id === 'env-m'));
    const post = await slack.until(() => slack.callsTo('chat.postMessage')[before]);
    expect(post.body).toMatchObject({ channel: 'C111', thread_ts: ts });
    expect((post.body.blocks as Json[])[0].text.text).toBe('*Question:* how big is Hyperion');
  });

  it('answers a redelivered envelope (retry_attempt) once', async () => {
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    slack.sendEnvelope({ envelope_id: 'env-3', type: 'slash_commands', payload: form, accepts_response_payload: true });
    await slack.until(() => slack.responsesTo(id).length > 0);
    slack.sendEnvelope({
      envelope_id: 'env-3b',
      type: 'slash_commands',
      payload: form,
      accepts_response_payload: true,
      retry_attempt: 1,
      retry_reason: 'timeout',
    });
    await slack.until(() => slack.socketAcks.find((a) => a.envelope_id === 'env-3b'));
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.responsesTo(id)).toHaveLength(1);
  });

  it('disconnects on stop() and logs no token', async () => {
    await adapter.stop();
    await slack.until(() => slack.socketCount === 0);
    expect(log.text()).not.toContain(APP_TOKEN);
    expect(log.text()).not.toContain(BOT_TOKEN);
  });
});

describe('Socket Mode start-up', () => {
  it('fails with a clear message, naming no secret, when Slack refuses the app token', async () => {
    const slack = await new FakeSlack().start();
    slack.replies.set('apps.connections.open', () => ({ json: { ok: false, error: 'invalid_auth' } }));
    const log = memoryLogger('debug');
    try {
      const attempt = startSlack(slack, { engine: Engine.fromArticles([]), logger: log.logger, mode: 'socket' });
      await expect(attempt).rejects.toThrow('Slack refused SLACK_APP_TOKEN (invalid_auth)');
      expect(slack.socketCount).toBe(0);
      expect(log.text()).not.toContain(APP_TOKEN);
    } finally {
      await slack.stop();
    }
  });
});
