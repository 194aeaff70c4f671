import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile, copyFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { corpusPath, root } from './helpers/corpus.js';

// The index snapshot goes to a temporary DATA_DIR, never to the checkout's data/.
const dataDir = mkdtempSync(path.join(tmpdir(), 'veille-cli-data-'));

function veille(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], {
    cwd: root,
    input: options.input ?? '',
    encoding: 'utf8',
    // No locale from the machine running the tests: the question alone picks the language.
    env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, LANG: '', LC_ALL: '', LC_MESSAGES: '', ...options.env },
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

  it('frames an answer in the language of the question, or French under a French locale; excerpts verbatim', () => {
    const french = veille(['ask', 'Quel bénéfice Meta a-t-il réalisé ?']);
    expect(french.code).toBe(0);
    expect(french.out).toMatch(/^\[1\] « .*\*\*71,5 milliards de dollars\*\*/m);
    expect(french.out).toMatch(/ · non daté$/m);
    expect(french.out).not.toMatch(/undated/);
    const missing = veille(['ask', 'quelle est la hauteur de la tour Eiffel ?']);
    expect(missing.out).toMatch(/^Pas dans les articles\. Rien dans le corpus ne répond à cela\.\nEssayez un sujet qu’ils traitent : .*Meta.*\.$/m);
    const english = veille(['ask', 'how tall is the Eiffel Tower']);
    expect(english.out).toMatch(/^Not in the articles\. Nothing in the corpus answers that\.\nTry a topic they cover: .*Meta.*\.$/m);
    // LANG or LC_ALL in French: French framing whatever the question's language; LC_ALL comes first.
    expect(veille(['ask', 'how tall is the Eiffel Tower'], { env: { LANG: 'fr_FR.UTF-8' } }).out).toMatch(/^Pas dans les articles\./);
    expect(veille(['sources', 'llama4'], { env: { LANG: 'en_US.UTF-8', LC_ALL: 'fr_FR.UTF-8' } }).out).toMatch(/^2 articles sur « llama4 » :$/m);
    // An English locale leaves the choice to the question.
    expect(veille(['ask', 'quelle est la hauteur de la tour Eiffel ?'], { env: { LANG: 'en_US.UTF-8' } }).out).toMatch(/^Pas dans les articles\./);
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
    expect(text.out).toMatch(/^2 articles about “llama4”:/);
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

  it('says on stderr that it builds the index the first time, then loads the snapshot silently', () => {
    const data = mkdtempSync(path.join(tmpdir(), 'veille-cli-first-'));
    const first = veille(['ask', 'how big is Hyperion'], { env: { DATA_DIR: data } });
    expect(first.err).toMatch(/no index snapshot in .* yet: building the index of 5 corpus files/);
    expect(first.out).toContain('5 gigawatts');
    const second = veille(['ask', 'how big is Hyperion'], { env: { DATA_DIR: data } });
    expect(second.err).toBe('');
    expect(second.out).toBe(first.out);
  });

  it('FORCE_COLOR styles piped output; by default piped output is plain', () => {
    expect(veille(['ask', 'how big is Hyperion'], { env: { FORCE_COLOR: '1' } }).out).toContain('\x1b[1m5 gigawatts\x1b[22m');
    expect(veille(['ask', 'how big is Hyperion'], { env: { FORCE_COLOR: '' } }).out).not.toContain('\x1b[');
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(veille(['--version'])).toMatchObject({ code: 0, out: `${version}\n` });
  });

  it('every command has --help: its usage, its options and the settings that affect it', () => {
    const ingest = veille(['ingest', '--help']);
    expect(ingest.code).toBe(0);
    expect(ingest.out).toMatch(/^Usage: veille ingest <path\|url>\.\.\. \[--feed URL\] \[--feeds\]/);
    for (const setting of ['FEEDS', 'FEEDS_FIRST_RUN_ITEMS', 'INGEST_TIMEOUT_MS', 'INGEST_MAX_BYTES', 'INGEST_MAX_REDIRECTS', 'INGEST_CONTACT', 'CORPUS_DIR'])
      expect(ingest.out).toMatch(new RegExp(`^  ${setting}\\b`, 'm'));
    expect(ingest.out).toMatch(/^ {2}--feed URL +add the new items/m);
    const register = veille(['discord', 'register', '--help']);
    expect(register.out).toMatch(/--guild ID/);
    expect(register.out).toMatch(/DISCORD_TOKEN/);
    for (const command of [['ask'], ['sources'], ['check'], ['start'], ['digest'], ['chat'], ['slack', 'manifest']]) {
      const r = veille([...command, '--help']);
      expect(r.code, command.join(' ')).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: veille${command[0] === 'chat' ? '\\n' : ` ${command.join(' ')}`}`));
      expect(r.out).toMatch(/^Settings \(environment or \.env\):$/m);
    }
    expect(veille(['--help']).out).toMatch(/veille <command> --help/);
  });

  it("refuses an unknown option with veille's own line and the command's usage, not Node's text", () => {
    const r = veille(['ask', '--frobnicate', 'how big is Hyperion']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^veille ask: unknown option --frobnicate\.\nUsage: veille ask "question" \[--json\] \[--jsonl\]\n/);
    expect(r.err).not.toMatch(/ERR_PARSE_ARGS|positional argument|To specify/);
    expect(r.out).toBe('');
    expect(veille(['ingest', '--guild', '1']).err).toMatch(/^veille ingest: unknown option --guild\./);
    expect(veille(['digest', '--since']).err).toMatch(/^veille digest: --since needs a value/);
    expect(veille(['discord', 'regster']).err).toMatch(/unknown subcommand "regster"; try veille discord register/);
  });

  it('the Slack manifest follows the configured command names', () => {
    const r = veille(['slack', 'manifest', '--url', 'https://bot.example/slack/events'], { env: { SLACK_COMMAND_ASK: '/veille-ask', SLACK_COMMAND_SOURCES: '' } });
    expect(r.code).toBe(0);
    const manifest = parse(r.out);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/veille-ask', '/sources', '/digest']);
    expect(manifest.features.slash_commands.every((c: { url: string }) => c.url === 'https://bot.example/slack/events')).toBe(true);
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: false,
      interactivity: { request_url: 'https://bot.example/slack/events' },
      event_subscriptions: { request_url: 'https://bot.example/slack/events' },
    });
    expect(veille(['slack', 'manifest'], { env: { SLACK_COMMAND_ASK: '/Ask Me' } }).err).toMatch(/SLACK_COMMAND_ASK must be a slash command name/);
  });

  it('chats in the terminal: /help, /ask, /more, /sources, a bare question, an unknown command', () => {
    const { code, out } = veille([], { input: '/help\n/ask superintelligence\n/more\n/sources Stargate\nhow much is Stargate\n/frobnicate\n' });
    expect(code).toBe(0);
    expect(out).toMatch(/\/sources <topic>/);
    expect(out).toMatch(/^\[4\] « /m); // /more continues the numbering
    expect(out).toMatch(/^1 article about “Stargate”:$/m);
    expect(out).toMatch(/\*\*500 milliards de dollars\*\*/);
    expect(out).toMatch(/Unknown command \/frobnicate/);
  });
});
