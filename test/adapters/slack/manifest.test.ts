// slack/manifest.yml must create an app that matches what the adapter answers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../../src/adapters/slack/index.js';

describe('slack/manifest.yml', () => {
  const manifest = parse(readFileSync('slack/manifest.yml', 'utf8'));

  it('declares exactly the slash commands the adapter handles', () => {
    const declared = manifest.features.slash_commands.map((c: { command: string }) => c.command).sort();
    expect(declared).toEqual(COMMANDS.map((c) => c.command).sort());
  });

  it('asks for the scopes the adapter uses, and turns on Socket Mode and interactivity (for the buttons)', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read',
      'channels:history',
      'chat:write',
      'chat:write.public',
      'commands',
      'groups:history',
      'im:history',
      'im:read',
      'im:write',
      'users:read',
    ]);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to mentions and direct messages, and opens the Messages tab for DMs', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });
});
