// `npm start` as a user runs it: a real process, configured only by its environment, serving
// Discord and Slack at once (against loopback fakes), answering, and stopping cleanly on SIGTERM.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { root } from './helpers/corpus.js';
import { APP_ID, FakeDiscord, TOKEN, slashCommand as discordCommand } from './adapters/discord/fake-discord.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, deliver, slashCommand as slackCommand } from './adapters/slack/fake-slack.js';
import { freePort } from './helpers/ports.js';

// `npm start` is `veille start`: the CLI entry with the start command.
const cli = path.join(root, 'src/cli.ts');

let child: ChildProcess | undefined;
afterEach(() => child?.kill('SIGKILL'));

function start(env: Record<string, string>) {
  let logs = '';
  child = spawn(process.execPath, ['--import', 'tsx', cli, 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'veille-main-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (logs += d));
  child.stderr!.on('data', (d) => (logs += d));
  const waitFor = async (pattern: RegExp, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!pattern.test(logs)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in logs:\n${logs}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
  return { logs: () => logs, waitFor, exited, process: child };
}

describe('npm start', () => {
  it('serves Discord and Slack from the environment alone, answers on both, and stops on SIGTERM', async () => {
    const discord = await new FakeDiscord().start();
    const slack = await new FakeSlack().start();
    const port = await freePort();
    try {
      const bot = start({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SLACK_RESPONSE_URL_HOSTS: '127.0.0.1',
        PORT: String(port),
      });
      await bot.waitFor(/"platform":"discord".*platform started|platform started.*"platform":"discord"/);
      await bot.waitFor(/"platform":"slack".*platform started|platform started.*"platform":"slack"/);
      expect(bot.logs()).toMatch(/applications\.commands/); // the invite URL

      discord.dispatch('INTERACTION_CREATE', discordCommand('ask', [{ name: 'question', type: 3, value: 'how big is Hyperion' }]));
      const callback = await discord.waitFor((r) => /\/interactions\/.*\/callback$/.test(r.path));
      expect(JSON.stringify(callback.body)).toContain('5 gigawatts');

      const { id, form } = slackCommand(slack, '/ask', 'how big is Hyperion');
      const ack = await deliver(`http://127.0.0.1:${port}/slack/events`, form);
      expect(ack.status).toBe(200);
      const reply = await slack.until(() => slack.responsesTo(id)[0]);
      expect(JSON.stringify(reply.body)).toContain('5 gigawatts');

      bot.process.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      for (const secret of [TOKEN, BOT_TOKEN, SIGNING_SECRET]) expect(bot.logs()).not.toContain(secret);
    } finally {
      await discord.close();
      await slack.stop();
    }
  }, 60_000);

  it('says which database it could not reach, without its password, and exits 1', async () => {
    const discord = await new FakeDiscord().start();
    const port = await freePort(); // nothing listens there
    try {
      const bot = start({
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_API_URL: discord.apiUrl,
        DATABASE_URL: `postgres://veille:hunter2-db-password@127.0.0.1:${port}/veille`,
      });
      expect(await bot.exited).toBe(1);
      expect(bot.logs()).toContain(`cannot use the database of DATABASE_URL (127.0.0.1:${port}/veille): connect ECONNREFUSED`);
      expect(bot.logs()).not.toContain('hunter2-db-password');
    } finally {
      await discord.close();
    }
  });

  it('names what is missing or malformed, without echoing a secret, and exits 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'start'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: 'super-secret-token-value',
        SLACK_BOT_TOKEN: 'not-a-bot-token',
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root:db-secret@db/veille',
        DISCORD_SHARDS: 'many',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set/);
    expect(r.stderr).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(r.stderr).toMatch(/PORT must be a positive whole number/);
    expect(r.stderr).toMatch(/DATABASE_URL must be a PostgreSQL URL such as postgres:\/\/user:password@host:5432\/veille/);
    expect(r.stderr).toMatch(/DISCORD_SHARDS must be auto or a positive whole number/);
    expect(r.stderr).not.toContain('db-secret');
    expect(r.stderr).not.toContain('super-secret-token-value');
  });
});
