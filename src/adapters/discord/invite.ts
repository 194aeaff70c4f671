// The link that adds the bot to a server: bot + slash commands, and the few permissions it uses.
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/**
 * Slash-command replies need no permission at all (they go through the interaction's webhook);
 * the bot posting by itself does: the digest (view, send, embed links), and answers to mentions
 * (reading the history to reply to a message, starting a thread on it and posting there).
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params}`;
}
