// The conversation store on a real SQLite file: answers and threads survive reopening, threads
// are bounded and expire after a day, votes count once per user and answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONVERSATION_SCHEMA_VERSION, ConversationStore, conversationDatabasePath, hashUser } from '../../src/state/conversation-store.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'veille-conv-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const answer = {
  platform: 'slack',
  channel: 'C1',
  thread: '1700000000.000100',
  kind: 'ask' as const,
  question: 'and Prometheus?',
  query: 'how big is Prometheus',
  lang: 'en' as const,
  start: 0,
  shown: 1,
  excerpts: [{ article: 'meta-superintelligence', text: 'Prometheus sera opérationnel en 2026.', start: 29, end: 33 }],
  private: false,
};

describe('ConversationStore', () => {
  it('keeps answers, turns and votes across a reopening of the file', () => {
    const dir = tempDir();
    let store = ConversationStore.open(dir);
    const saved = store.saveAnswer(answer);
    store.setMessageId(saved.id, 'M1');
    store.addTurn('slack', 'T1', { question: 'how big is Hyperion', query: 'how big is Hyperion' });
    store.vote(saved.id, hashUser('slack', 'U1'), 'down');
    store.close();

    store = new ConversationStore(conversationDatabasePath(dir));
    expect(store.schemaVersion).toBe(CONVERSATION_SCHEMA_VERSION);
    expect(store.answer(saved.id)).toMatchObject({ ...answer, id: saved.id, messageId: 'M1' });
    expect(store.answerByMessage('slack', 'M1')?.id).toBe(saved.id);
    expect(store.turns('slack', 'T1').map((t) => t.query)).toEqual(['how big is Hyperion']);
    expect(store.summary()).toEqual({ up: 0, down: 1, worst: [{ question: 'how big is Prometheus', down: 1, up: 0 }] });
    store.close();
  });

  it('keeps the last N turns of a thread and forgets it a day after its last turn', () => {
    let now = new Date('2026-12-01T10:00:00Z');
    const store = new ConversationStore(path.join(tempDir(), 'c.sqlite'), { maxTurns: 3, now: () => now });
    for (let i = 1; i <= 5; i++) store.addTurn('discord', 'th', { question: `q${i}`, query: `q${i}` });
    expect(store.turns('discord', 'th').map((t) => t.question)).toEqual(['q3', 'q4', 'q5']);
    expect(store.turns('discord', 'other')).toEqual([]);
    now = new Date('2026-12-02T09:59:00Z');
    expect(store.knowsThread('discord', 'th')).toBe(true);
    now = new Date('2026-12-02T10:01:00Z');
    expect(store.knowsThread('discord', 'th')).toBe(false);
    store.prune();
    now = new Date('2026-12-01T10:00:00Z');
    expect(store.turns('discord', 'th')).toEqual([]);
    store.close();
  });

  it('counts one vote per user and answer; a second click changes it', () => {
    const store = new ConversationStore(path.join(tempDir(), 'c.sqlite'));
    const a = store.saveAnswer(answer);
    const alice = hashUser('slack', 'U1');
    const bob = hashUser('slack', 'U2');
    expect(alice).not.toContain('U1');
    expect(store.vote(a.id, alice, 'up')).toBe('recorded');
    expect(store.vote(a.id, alice, 'up')).toBe('unchanged');
    expect(store.vote(a.id, alice, 'down')).toBe('changed');
    expect(store.vote(a.id, bob, 'down')).toBe('recorded');
    expect(store.vote('nope', bob, 'down')).toBeNull();
    const rows = store.feedback();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.vote === 'down')).toBe(true);
    expect(rows[0]).toMatchObject({ platform: 'slack', channel: 'C1', question: 'and Prometheus?', excerpts: answer.excerpts });
    expect(store.summary()).toMatchObject({ up: 0, down: 2 });
    store.close();
  });

  it('refuses a file from a newer version rather than damaging it', () => {
    const file = path.join(tempDir(), 'c.sqlite');
    const store = new ConversationStore(file);
    (store as unknown as { db: { pragma(s: string): void } }).db.pragma(`user_version = ${CONVERSATION_SCHEMA_VERSION + 1}`);
    store.close();
    expect(() => new ConversationStore(file)).toThrow(/newer than this version/);
  });
});
