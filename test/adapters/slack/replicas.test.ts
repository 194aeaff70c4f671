// Two Slack replicas (real Bolt apps in HTTP mode, as behind a load balancer) on one PostgreSQL: a
// slash command Slack retries, the retry reaching the other replica, is answered once; a vote on an
// answer, reaching the other replica, finds it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgStateStore } from '../../../src/state/postgres.js';
import { realEngine } from '../../helpers/corpus.js';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.js';
import { FakeSlack, buttonPress, deliver, slashCommand, type Json } from './fake-slack.js';
import { startSlack } from './setup.js';
import { pino } from 'pino';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('Slack replicas behind a load balancer', () => {
  it('answer a retried /ask once, whichever replica the retry reaches', async () => {
    const slack = await new FakeSlack().start();
    cleanups.push(() => slack.stop());
    const url = await server.createDatabase();
    const engine = await realEngine();
    const replicas: string[] = [];
    const states: PgStateStore[] = [];
    for (let i = 0; i < 2; i++) {
      const state = await PgStateStore.connect(url);
      const { adapter, eventsUrl } = await startSlack(slack, { engine, logger: pino({ level: 'silent' }), state });
      cleanups.push(() => state.close(), () => adapter.stop());
      replicas.push(eventsUrl);
      states.push(state);
    }
    const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
    expect((await deliver(replicas[0], form)).status).toBe(200);
    // Slack did not see the ack in time and retries; the balancer sends the retry to the other replica.
    expect((await deliver(replicas[1], form, { retryNum: 1 })).status).toBe(200);
    const first = await slack.until(() => slack.responsesTo(id)[0]);
    expect(JSON.stringify(first.body)).toContain('5 gigawatts');
    // A fresh question on the second replica is answered: only the repeat was dropped.
    const other = slashCommand(slack, '/ask', 'how big is Hyperion');
    await deliver(replicas[1], other.form);
    await slack.until(() => slack.responsesTo(other.id)[0]);
    expect(slack.responsesTo(id)).toHaveLength(1);

    // 👍 on the first replica's answer, clicked through the other replica: found and recorded.
    const up = (first.body.blocks as Json[]).flatMap((b) => (b.elements ?? []) as Json[]).find((e) => e.action_id === 'veille_vote_up')!;
    const press = buttonPress(slack, up.action_id, up.value);
    await deliver(replicas[1], press.form);
    expect((await slack.until(() => slack.responsesTo(press.id)[0])).body.text).toBe('Thanks, noted.');
    expect(await states[0].conversations.summary()).toMatchObject({ up: 1, down: 0 });
  });
});
