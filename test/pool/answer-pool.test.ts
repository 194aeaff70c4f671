// The answer pool: the same answers as the engine, computed in worker threads; corpus changes
// reach every worker; a full queue refuses at once with "busy", which Slack users see as such
// after their request was acknowledged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AnswerPool, BusyError } from '../../src/pool/answer-pool.js';
import { corpusPath, realArticles, realEngine } from '../helpers/corpus.js';
import { FakeSlack, deliver, memoryLogger, slashCommand } from '../adapters/slack/fake-slack.js';
import { startSlack } from '../adapters/slack/setup.js';
import type { Article } from '../../src/core/article.js';
import { Conversation } from '../../src/core/conversation.js';

let pool: AnswerPool;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'veille-pool-'));
  pool = await AnswerPool.start({ source: { corpusDir: corpusPath, dataDir }, size: 2, queueLimit: 64 });
});
afterAll(async () => {
  await pool.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the answer pool', () => {
  it('answers exactly as the engine does, from worker threads', async () => {
    const engine = await realEngine();
    expect(pool.articles).toBe(engine.articles().length);
    for (const q of ['how big is Hyperion', 'Quel bénéfice Meta a-t-il réalisé ?', 'how tall is the Eiffel Tower'])
      expect(await pool.ask(q)).toEqual(engine.ask(q));
    expect(await pool.sources('llama4')).toEqual(engine.sources('llama4'));
    expect(await pool.suggestTopics('zuck')).toEqual(engine.suggestTopics('zuck'));
    const since = new Date('2000-01-01T00:00:00Z');
    const until = new Date('2100-01-01T00:00:00Z');
    expect(await pool.digest(since, until)).toEqual(engine.digest(since, until));
  });

  it('reads a follow-up with its thread in a worker, as a Conversation over the engine does', async () => {
    const engine = await realEngine();
    const local = new Conversation((text) => engine.analyse(text));
    const history = [{ question: 'how big is Hyperion', query: 'how big is Hyperion' }];
    const read = await Promise.all(['and Prometheus?', 'when?', 'how much did Meta invest'].map((t) => pool.resolveFollowUp(t, history)));
    expect(read).toEqual(['and Prometheus?', 'when?', 'how much did Meta invest'].map((t) => local.resolve(t, history)));
    // A follow-up borrows from the thread: not the text as typed.
    expect(read[0].borrowed).not.toBe('nothing');
  });

  it('an article added or removed reaches every worker', async () => {
    const [model] = await realArticles();
    const article: Article = {
      ...model,
      id: 'pool-test-article',
      title: 'Zorglub Industries opens a plant',
      body: 'Zorglub Industries will open a plant of 4,200 square metres in Quimper next spring.',
    };
    await pool.upsert(article);
    // Several at once, so that both workers answer some.
    const answers = await Promise.all(Array.from({ length: 6 }, () => pool.ask('how big is the Zorglub plant')));
    for (const a of answers) expect(a.answered && a.excerpts[0].text).toContain('4,200 square metres');
    await pool.remove(article.id);
    const after = await Promise.all(Array.from({ length: 6 }, () => pool.ask('how big is the Zorglub plant')));
    for (const a of after) expect(a.answered).toBe(false);
  });

  it('refuses at once with BusyError past the queue limit, and answers the rest', async () => {
    const small = await AnswerPool.start({ source: { corpusDir: corpusPath, dataDir }, size: 1, queueLimit: 3 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => small.ask('how big is Hyperion')));
      const busy = results.filter((r) => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(busy).toHaveLength(7);
      for (const r of busy) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BusyError);
      // Once the queue drains, questions are taken again.
      expect((await small.ask('how big is Hyperion')).answered).toBe(true);
    } finally {
      await small.stop();
    }
  });
});

describe('Slack over a full pool', () => {
  it('acknowledges every /ask, answers those it can, and tells the others it is busy', async () => {
    const slack = await new FakeSlack().start();
    const small = await AnswerPool.start({ source: { corpusDir: corpusPath, dataDir }, size: 1, queueLimit: 2 });
    const { adapter, eventsUrl } = await startSlack(slack, { engine: small, logger: memoryLogger().logger });
    try {
      // The worker reindexes a long article first: the questions queue behind it.
      const [model] = await realArticles();
      const paragraph = 'Zorglub Industries announced yet another plant of 4,200 square metres in Quimper, its twelfth this year. ';
      const reindexing = small.upsert({ ...model, id: 'pool-long', title: 'A long one', body: Array.from({ length: 3000 }, () => paragraph).join('\n\n') });
      const sent = Array.from({ length: 8 }, () => slashCommand(slack, '/ask', 'how big is Hyperion'));
      const acks = await Promise.all(sent.map(({ form }) => deliver(eventsUrl, form)));
      for (const a of acks) expect(a.status).toBe(200);
      const replies = await Promise.all(sent.map(({ id }) => slack.until(() => slack.responsesTo(id)[0])));
      const texts = replies.map((r) => JSON.stringify(r.body));
      const busy = texts.filter((t) => t.includes('The bot is busy: please try again in a moment.'));
      const answered = texts.filter((t) => t.includes('5 gigawatts'));
      expect(busy.length).toBeGreaterThan(0);
      expect(answered.length).toBeGreaterThan(0);
      expect(busy.length + answered.length).toBe(8);
      await reindexing;
    } finally {
      await adapter.stop();
      await small.stop();
      await slack.stop();
    }
  });
});
