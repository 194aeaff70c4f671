// What Bolt let through: requests signed for the future, a signed JSON body that is not an object,
// response_urls that are not Slack's, and a replay after a restart.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine.js';
import { loadCorpus } from '../../../src/core/corpus.js';
import { sqliteStateStore } from '../../../src/state/sqlite.js';
import { isSlackResponseUrl } from '../../../src/adapters/slack/guard.js';
import { SqliteDigestStore } from '../../../src/digest/store.js';
import { FakeSlack, deliver, memoryLogger, sign, slashCommand } from './fake-slack.js';
import { startSlack } from './setup.js';

let slack: FakeSlack;
let engine: Engine;
beforeAll(async () => {
  slack = await new FakeSlack().start();
  engine = Engine.fromArticles((await loadCorpus('corpus')).articles);
});
afterAll(() => slack.stop());

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('request timestamps', () => {
  it('refuses a request signed more than 5 minutes from now, in the future as in the past; answers one within', async () => {
    const { adapter, eventsUrl } = await startSlack(slack, { engine, logger: memoryLogger().logger });
    try {
      const now = Math.floor(Date.now() / 1000);
      for (const skew of [6 * 60, 24 * 3600, 10 * 365 * 24 * 3600, -6 * 60]) {
        const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
        const res = await deliver(eventsUrl, form, { timestamp: now + skew });
        expect(res.status, `skew ${skew} s`).toBe(401);
        await settle();
        expect(slack.responsesTo(id)).toHaveLength(0);
      }
      const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
      expect((await deliver(eventsUrl, form, { timestamp: now + 4 * 60 })).status).toBe(200);
      await slack.until(() => slack.responsesTo(id)[0]);
    } finally {
      await adapter.stop();
    }
  });
});

describe('a signed JSON body that is not an object', () => {
  it('is answered 400 at once (null, an array, a string, a number)', async () => {
    const { adapter, eventsUrl } = await startSlack(slack, { engine, logger: memoryLogger().logger });
    try {
      for (const body of ['null', '[]', '"hello"', '42']) {
        const timestamp = Math.floor(Date.now() / 1000);
        const res = await fetch(eventsUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
          body,
          signal: AbortSignal.timeout(5000),
        });
        expect(res.status, body).toBe(400);
      }
    } finally {
      await adapter.stop();
    }
  });
});

describe('response_url', () => {
  let elsewhere: Server;
  let hits = 0;
  beforeAll(async () => {
    elsewhere = createServer((req, res) => {
      hits++;
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => elsewhere.close(() => resolve())));

  it("is followed only on Slack's hosts (SLACK_RESPONSE_URL_HOSTS): a signed request pointing elsewhere gets no outbound call", async () => {
    const { adapter, eventsUrl } = await startSlack(slack, { engine, logger: memoryLogger().logger });
    try {
      const { form } = slashCommand(slack, '/ask', 'how big is Hyperion', {
        response_url: `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}/internal/admin`,
      });
      const ack = await deliver(eventsUrl, form);
      expect(ack.status).toBe(200);
      expect((ack.body as { text: string }).text).toBe('This request did not come from Slack: not answered.');
      await settle();
      expect(hits).toBe(0);
    } finally {
      await adapter.stop();
    }
  });

  it("Slack's and GovSlack's hosts by default, https only", () => {
    expect(isSlackResponseUrl('https://hooks.slack.com/commands/T1/123/abc')).toBe(true);
    expect(isSlackResponseUrl('https://hooks.slack-gov.com/commands/T1/123/abc')).toBe(true);
    expect(isSlackResponseUrl('http://hooks.slack.com/commands/T1/123/abc')).toBe(false);
    expect(isSlackResponseUrl('https://hooks.slack.com.evil.example/x')).toBe(false);
    expect(isSlackResponseUrl('https://169.254.169.254/latest/meta-data')).toBe(false);
    expect(isSlackResponseUrl('not a url')).toBe(false);
  });
});

describe('retries and replays', () => {
  it('a replay of an answered request after a restart is acknowledged, not answered again (remembered in the state file)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veille-replay-'));
    try {
      const { form, id } = slashCommand(slack, '/ask', 'how big is Hyperion');
      for (let run = 0; run < 2; run++) {
        const state = sqliteStateStore(SqliteDigestStore.open(dir));
        const { adapter, eventsUrl } = await startSlack(slack, { engine, logger: memoryLogger().logger, state });
        try {
          expect((await deliver(eventsUrl, form)).status).toBe(200);
          await slack.until(() => slack.responsesTo(id)[0]);
          await settle();
        } finally {
          await adapter.stop();
          await state.close();
        }
      }
      expect(slack.responsesTo(id)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
