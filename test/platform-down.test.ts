// A platform that is gone for good (Discord closing the gateway with 4004: the token was refused)
// must not go unnoticed: alone, the process exits non-zero naming the variable; next to Slack, it
// is reported at error level while Slack keeps answering.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { root } from './helpers/corpus.js';
import { APP_ID, FakeDiscord, TOKEN } from './adapters/discord/fake-discord.js';
import { BOT_TOKEN, FakeSlack, SIGNING_SECRET, deliver, slashCommand } from './adapters/slack/fake-slack.js';
import { freePort } from './helpers/ports.js';

let child: ChildProcess | undefined;
const dirs: string[] = [];
afterEach(() => {
  child?.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'veille-down-'));
  dirs.push(dataDir);
  let logs = '';
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', DATA_DIR: dataDir, ANSWER_WORKERS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (logs += d));
  child.stderr!.on('data', (d) => (logs += d));
  const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!pattern.test(logs)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in logs:\n${logs}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { logs: () => logs, waitFor, exited };
}

const discordEnv = (fake: FakeDiscord) => ({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl });

describe('Discord gone for good (gateway close 4004)', () => {
  it('a Discord-only process logs it at error level naming DISCORD_TOKEN and exits non-zero', async () => {
    const discord = await new FakeDiscord().start();
    try {
      const bot = start(discordEnv(discord));
      await bot.waitFor(/platform started/);
      discord.dropGateway(4004);
      expect(await bot.exited).toBe(1);
      const errors = bot.logs().split('\n').filter((l) => l.includes('"level":50'));
      expect(errors.join('\n')).toContain('4004: authentication failed: DISCORD_TOKEN was refused');
      expect(errors.join('\n')).toContain('no platform left to serve');
      expect(bot.logs()).not.toContain(TOKEN);
    } finally {
      await discord.close();
    }
  });

  it('next to Slack: reported at error level, and Slack keeps answering', async () => {
    const discord = await new FakeDiscord().start();
    const slack = await new FakeSlack().start();
    const port = await freePort();
    try {
      const healthPort = await freePort();
      const bot = start({ ...discordEnv(discord), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_RESPONSE_URL_HOSTS: '127.0.0.1', PORT: String(port), HEALTH_PORT: String(healthPort) });
      await bot.waitFor(/"platform":"slack".*platform started|platform started.*"platform":"slack"/);
      discord.dropGateway(4004);
      await bot.waitFor(/"level":50.*discord is down for good: .*DISCORD_TOKEN was refused/);
      // /healthz names the platform that is gone: 503, Discord down, Slack up.
      const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      expect(health.status).toBe(503);
      const report = (await health.json()) as { down: string[]; parts: Record<string, { status: string; detail?: string }> };
      expect(report.down).toEqual(['discord']);
      expect(report.parts.discord.detail).toMatch(/4004/);
      expect(report.parts.slack.status).toBe('up');
      const { id, form } = slashCommand(slack, '/ask', 'how big is Hyperion');
      expect((await deliver(`http://127.0.0.1:${port}/slack/events`, form)).status).toBe(200);
      expect(JSON.stringify((await slack.until(() => slack.responsesTo(id)[0])).body)).toContain('5 gigawatts');
    } finally {
      await discord.close();
      await slack.stop();
    }
  });

  it('a token refused at start: exits 1 with a message naming DISCORD_TOKEN', async () => {
    const discord = await new FakeDiscord().start();
    discord.rejectIdentify = true;
    try {
      const bot = start(discordEnv(discord));
      expect(await bot.exited).toBe(1);
      expect(bot.logs()).toContain('Discord refused DISCORD_TOKEN');
    } finally {
      await discord.close();
    }
  });
});
