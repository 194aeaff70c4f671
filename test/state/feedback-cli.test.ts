// `veille feedback` over a real conversation store: counts, the most down-voted questions, and
// the --jsonl export in the eval question-file shape.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConversationStore, hashUser } from '../../src/state/conversation-store.js';
import { root } from '../helpers/corpus.js';

const dir = mkdtempSync(path.join(tmpdir(), 'veille-feedback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function veille(args: string[], dataDir = dir) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const page = (question: string, query: string, text: string) => ({
  platform: 'discord',
  channel: 'C1',
  thread: null,
  kind: 'ask' as const,
  question,
  query,
  lang: 'en' as const,
  start: 0,
  shown: 1,
  excerpts: [{ article: 'a1', text, start: 0, end: 4 }],
  private: false,
});

describe('veille feedback', () => {
  it('says so when nobody voted, without creating a store', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'veille-feedback-empty-'));
    try {
      expect(veille(['feedback'], empty)).toMatchObject({ code: 0, out: 'No feedback yet.\n' });
      expect(veille(['feedback', '--jsonl'], empty)).toMatchObject({ code: 0, out: '' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('prints counts and the most down-voted questions, and exports eval cases', () => {
    const store = ConversationStore.open(dir);
    const good = store.saveAnswer(page('how big is Hyperion', 'how big is Hyperion', 'Hyperion atteindra 5 gigawatts.'));
    const bad = store.saveAnswer(page('and Prometheus?', 'how big is Prometheus', 'Hyperion atteindra 5 gigawatts.'));
    store.vote(good.id, hashUser('discord', 'alice'), 'up');
    store.vote(good.id, hashUser('discord', 'bob'), 'up');
    store.vote(bad.id, hashUser('discord', 'alice'), 'down');
    store.vote(bad.id, hashUser('discord', 'bob'), 'up');
    store.vote(bad.id, hashUser('discord', 'bob'), 'down');
    // "Not in the articles", and users agree: an off-topic case.
    const abstained = store.saveAnswer({ ...page('how tall is the Eiffel Tower', 'how tall is the Eiffel Tower', ''), shown: 0, excerpts: [] });
    store.vote(abstained.id, hashUser('discord', 'carol'), 'up');
    store.close();

    const text = veille(['feedback']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('5 vote(s): 3 👍 (60%), 2 👎 (40%).');
    expect(text.out).toMatch(/Most down-voted questions:\n\s+2 👎\s+0 👍  how big is Prometheus\n/);

    const jsonl = veille(['feedback', '--jsonl']);
    const cases = jsonl.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(cases).toEqual([
      {
        id: `fb-${bad.id}`,
        kind: 'ask',
        q: 'how big is Prometheus',
        asked: 'and Prometheus?',
        lang: 'en',
        gold: [],
        wrong: ['Hyperion atteindra 5 gigawatts.'],
        votes: { up: 0, down: 2 },
        platform: 'discord',
      },
      { id: `fb-${abstained.id}`, q: 'how tall is the Eiffel Tower', lang: 'en', kind: 'offtopic', votes: { up: 1, down: 0 }, platform: 'discord' },
      { id: `fb-${good.id}`, kind: 'ask', q: 'how big is Hyperion', lang: 'en', gold: ['Hyperion atteindra 5 gigawatts.'], votes: { up: 2, down: 0 }, platform: 'discord' },
    ]);
  });
});
