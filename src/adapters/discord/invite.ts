// The link that adds the bot to a server: bot + slash commands, and the few permissions it uses.
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/**
 * Slash-command replies need no permission at all (they go through the interaction's webhook);
 * these three let the bot post a message in a channel by itself (the digest).
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params}`;
}
