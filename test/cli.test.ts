import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile, copyFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, root } from './helpers/corpus.js';

function veille(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], {
    cwd: root,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...options.env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function corpusWithBadFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veille-cli-'));
  for (const f of await readdir(corpusPath)) await copyFile(path.join(corpusPath, f), path.join(dir, f));
  await writeFile(path.join(dir, 'broken.md'), '---\nid: "Broken Id"\ntitle: "x"\nsource: null\nurl: null\ndate: null\nlang: "fr"\nadded: "2026-01-01T00:00:00Z"\n---\n\nTexte.\n');
  return dir;
}

describe('veille CLI', () => {
  it('answers a question readably: excerpt, marked figure, numbered citation', () => {
    const { code, out } = veille(['ask', 'how big is Hyperion']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\[1\] « .*\*\*5 gigawatts\*\*.* »$/m);
    expect(out).toMatch(/^ {4}Meta .* · /m);
    expect(out).toMatch(/2 articles agree on 5 gigawatts/);
  });

  it('follows the JSON-lines contract: one answer a line, in order', () => {
    const { code, out } = veille(['ask', '--jsonl'], { input: 'how big is Hyperion\nbest pizza in Naples\n\nQuel bénéfice Meta a-t-il réalisé ?\n' });
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.question, l.answered])).toEqual([
      ['how big is Hyperion', true],
      ['best pizza in Naples', false],
      ['', false],
      ['Quel bénéfice Meta a-t-il réalisé ?', true],
    ]);
    expect(lines[0].excerpts[0]).toMatchObject({ text: expect.stringContaining('5 gigawatts'), article: { id: expect.any(String) } });
    expect(lines[3].excerpts[0].text).toContain('71,5 milliards de dollars');
  });

  it('--jsonl: one answer per \\n-terminated line; a lone \\r stays in its question, a Windows \\r\\n ending is removed', () => {
    const { code, out } = veille(['ask', '--jsonl'], { input: 'how big\ris Hyperion\r\nQuel bénéfice Meta a-t-il réalisé ?\r\nlast line without end' });
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual(['how big\ris Hyperion', 'Quel bénéfice Meta a-t-il réalisé ?', 'last line without end']);
  });

  it('lists sources as JSON lines and as text', () => {
    const jsonl = veille(['sources', '--jsonl'], { input: 'Stargate\n' });
    const [line] = jsonl.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(line.topic).toBe('Stargate');
    expect(line.sources).toHaveLength(1);
    expect(line.sources[0].excerpt).toContain('Stargate');
    const text = veille(['sources', 'llama4']);
    expect(text.out).toMatch(/^2 article\(s\) about “llama4”:/);
  });

  it('prints usage for an empty question and exits non-zero', () => {
    const { code, err } = veille(['ask']);
    expect(code).toBe(2);
    expect(err).toMatch(/Usage:/);
  });

  it('check validates the corpus: 0 when clean, 1 naming the file and field otherwise', async () => {
    expect(veille(['check']).code).toBe(0);
    const dir = await corpusWithBadFile();
    const { code, err, out } = veille(['check'], { env: { CORPUS_DIR: dir } });
    expect(code).toBe(1);
    expect(err).toMatch(/broken\.md: field "id" must be a slug/);
    expect(out).toMatch(/5 article\(s\) valid, 1 problem\(s\)/);
  });

  it('skips a malformed file loudly and still answers from the rest', async () => {
    const dir = await corpusWithBadFile();
    const { code, out, err } = veille(['ask', 'how big is Hyperion'], { env: { CORPUS_DIR: dir } });
    expect(code).toBe(0);
    expect(err).toMatch(/warning: skipped .*broken\.md/);
    expect(out).toContain('5 gigawatts');
  });

  it('chats in the terminal: /help, /ask, /more, /sources, a bare question, an unknown command', () => {
    const { code, out } = veille([], { input: '/help\n/ask superintelligence\n/more\n/sources Stargate\nhow much is Stargate\n/frobnicate\n' });
    expect(code).toBe(0);
    expect(out).toMatch(/\/sources <topic>/);
    expect(out).toMatch(/^\[4\] « /m); // /more continues the numbering
    expect(out).toMatch(/1 article\(s\) about “Stargate”/);
    expect(out).toMatch(/\*\*500 milliards de dollars\*\*/);
    expect(out).toMatch(/Unknown command \/frobnicate/);
  });
});
