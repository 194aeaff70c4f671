// The Discord adapter's public surface.
export { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from './adapter.js';
export { registerDiscordCommands, type RegisterOptions } from './register.js';
export { askCommand, commandDefinitions, digestCommand, sourcesCommand, type CommandDefinition } from './definitions.js';
export { createDiscordDigestDelivery } from './delivery.js';
export { inviteUrl, BOT_PERMISSIONS } from './invite.js';
