// `npm start` with a broken state file: the bot starts and answers; /digest says why digests
// cannot work (read-only) or that the state was reset (damaged), and the logs say so at error level.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { root } from './helpers/corpus.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, deliver, slashCommand, type Json } from './adapters/slack/fake-slack.js';
import { SqliteDigestStore } from '../src/digest/store.js';
import { freePort } from './helpers/ports.js';

const cli = path.join(root, 'src/cli.ts');
let child: ChildProcess | undefined;
const dirs: string[] = [];
afterEach(() => {
  child?.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startBot(dataDir: string, slack: FakeSlack) {
  const port = await freePort();
  let logs = '';
  child = spawn(process.execPath, ['--import', 'tsx', cli, 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', DATA_DIR: dataDir, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_RESPONSE_URL_HOSTS: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (logs += d));
  child.stderr!.on('data', (d) => (logs += d));
  const deadline = Date.now() + 20_000;
  while (!/platform started/.test(logs)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the bot did not start:\n${logs}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = `http://127.0.0.1:${port}/slack/events`;
  const ask = async (command: string, text: string) => {
    const { id, form } = slashCommand(slack, command, text);
    const ack = await deliver(url, form);
    return { ack: ack.body as Json, id };
  };
  return { logs: () => logs, ask };
}

function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'veille-start-state-'));
  dirs.push(d);
  return d;
}

describe('npm start with a broken state file', () => {
  it('damaged: moved aside, a fresh one made, the bot answers, /digest status says subscriptions were lost', async () => {
    const slack = await new FakeSlack().start();
    try {
      const dir = dataDir();
      const junk = randomBytes(4096);
      writeFileSync(path.join(dir, 'veille.sqlite'), junk);
      writeFileSync(path.join(dir, 'conversations.sqlite'), junk);
      const bot = await startBot(dir, slack);
      const aside = readdirSync(dir).find((f) => f.startsWith('veille.sqlite.damaged-'));
      expect(aside).toBeDefined();
      expect(readFileSync(path.join(dir, aside!))).toEqual(junk);
      expect(bot.logs()).toMatch(/"level":50.*was damaged: moved aside to/);
      expect(bot.logs()).toMatch(/"level":50.*the conversation store .* cannot be opened/);

      const { id } = await bot.ask('/ask', 'how big is Hyperion');
      expect(JSON.stringify((await slack.until(() => slack.responsesTo(id)[0])).body)).toContain('5 gigawatts');
      const status = await bot.ask('/digest', 'status');
      expect(status.ack.text).toContain(`The state file was damaged (moved aside to ${path.join(dir, aside!)})`);
    } finally {
      await slack.stop();
    }
  });

  it('read-only: left alone, the bot answers, /digest answers that digests are unavailable', async () => {
    const slack = await new FakeSlack().start();
    try {
      const dir = dataDir();
      const file = path.join(dir, 'veille.sqlite');
      new SqliteDigestStore(file).close();
      chmodSync(file, 0o444);
      const before = readFileSync(file);
      const bot = await startBot(dir, slack);
      expect(bot.logs()).toMatch(/"level":50.*is read-only/);

      const { id } = await bot.ask('/ask', 'how big is Hyperion');
      expect(JSON.stringify((await slack.until(() => slack.responsesTo(id)[0])).body)).toContain('5 gigawatts');
      const status = await bot.ask('/digest', 'status');
      expect(status.ack.text).toBe(`Sorry, digests are unavailable: the state file ${file} is read-only; it is left as it is.`);
      const subscribe = await bot.ask('/digest', 'subscribe 09:00 UTC');
      expect(subscribe.ack.text).toContain('digests are unavailable');
      expect(readFileSync(file)).toEqual(before);
      expect(existsSync(`${file}-wal`)).toBe(false);
    } finally {
      await slack.stop();
    }
  });
});
