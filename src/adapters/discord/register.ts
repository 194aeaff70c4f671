// Registers (overwrites) the slash commands through Discord's REST API, on one server or globally.
// On one server they appear at once; globally they reach every server the bot is in (a client may need a reload).
import { REST, Routes } from 'discord.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { commandDefinitions, type CommandDefinition } from './definitions.js';

export interface RegisterOptions {
  config: Config;
  logger: Logger;
  /** A server (guild) id: register there only (instant, for testing). */
  guildId?: string;
  commands?: CommandDefinition[];
}

export async function registerDiscordCommands({
  config,
  logger,
  guildId,
  commands = commandDefinitions,
}: RegisterOptions): Promise<void> {
  const token = config.DISCORD_TOKEN;
  const applicationId = config.DISCORD_APPLICATION_ID;
  if (!token || !applicationId) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to register commands');
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) throw new Error('the guild id must be a numeric id (a snowflake)');
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(token);
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body: commands })) as { name: string }[];
  logger.info(
    { commands: registered.map((c) => c.name), scope: guildId ? `guild ${guildId}` : 'global' },
    'discord: commands registered',
  );
}
