import { describe, expect, it } from 'vitest';
import { commandDefinitions, registerDiscordCommands } from '../../../src/adapters/discord/index.js';
import { envSchema } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { APP_ID, FakeDiscord, GUILD_ID, TOKEN } from './fake-discord.js';

// Discord refuses a whole registration if one name or description breaks these rules.
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function* namedThings() {
  for (const command of commandDefinitions) {
    yield command;
    for (const option of command.options ?? []) {
      yield option;
      // Subcommands' own options (/digest subscribe time timezone).
      if ('options' in option) for (const sub of option.options ?? []) yield sub;
    }
  }
}

describe('command definitions', () => {
  it('are /ask question [private], /sources topic (autocomplete) and /digest with its subcommands', () => {
    const summary = commandDefinitions.map((c) => ({
      name: c.name,
      options: (c.options ?? []).map((o) => ({
        name: o.name,
        required: Boolean(o.required),
        max: 'max_length' in o ? o.max_length : undefined,
        autocomplete: 'autocomplete' in o ? Boolean(o.autocomplete) : false,
      })),
    }));
    expect(summary).toEqual([
      {
        name: 'ask',
        options: [
          { name: 'question', required: true, max: 500, autocomplete: false },
          { name: 'private', required: false, max: undefined, autocomplete: false },
        ],
      },
      { name: 'sources', options: [{ name: 'topic', required: true, max: 100, autocomplete: true }] },
      {
        name: 'digest',
        options: ['subscribe', 'unsubscribe', 'status', 'preview'].map((name) => ({ name, required: false, max: undefined, autocomplete: false })),
      },
    ]);
  });

  it('have valid names and descriptions, each localized in French', () => {
    for (const thing of namedThings()) {
      expect(thing.name).toMatch(NAME);
      expect(thing.description.length).toBeGreaterThan(0);
      expect(thing.description.length).toBeLessThanOrEqual(100);
      expect(thing.name_localizations?.fr).toMatch(NAME);
      expect(thing.description_localizations?.fr?.length).toBeGreaterThan(0);
      expect(thing.description_localizations!.fr!.length).toBeLessThanOrEqual(100);
    }
    expect(commandDefinitions[0].name_localizations?.fr).toBe('demander');
  });
});

describe('registerDiscordCommands', () => {
  it('overwrites the commands of one server, or globally, through the REST API', async () => {
    const fake = await new FakeDiscord().start();
    try {
      const config = envSchema.parse({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl });
      await registerDiscordCommands({ config, logger: silentLogger, guildId: GUILD_ID });
      await registerDiscordCommands({ config, logger: silentLogger });
      const puts = fake.requests.filter((r) => r.method === 'PUT');
      expect(puts.map((r) => r.path)).toEqual([
        `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`,
        `/applications/${APP_ID}/commands`,
      ]);
      for (const put of puts) {
        expect(put.headers.authorization).toBe(`Bot ${TOKEN}`);
        expect(put.body).toEqual(JSON.parse(JSON.stringify(commandDefinitions)));
      }
    } finally {
      await fake.close();
    }
  });

  it('refuses a guild id that is not a snowflake, and a missing token, before calling Discord', async () => {
    const config = envSchema.parse({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: 'http://127.0.0.1:9/api' });
    await expect(registerDiscordCommands({ config, logger: silentLogger, guildId: 'my-server' })).rejects.toThrow(/snowflake/);
    await expect(registerDiscordCommands({ config: envSchema.parse({}), logger: silentLogger })).rejects.toThrow(/DISCORD_TOKEN/);
  });
});
