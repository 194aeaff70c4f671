// What every command module offers the router, and what the router gives it.
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { AnswerEngine } from '../../../core/types.js';
import type { DigestService } from '../../../digest/runner.js';
import type { Logger } from '../../../log.js';
import { rateLimitMessage, type RateLimiter } from '../../common/ratelimit.js';
import type { RecentQuestions } from '../../common/recent.js';
import type { CommandDefinition } from '../definitions.js';
import { replyNotice } from '../reply.js';

export interface CommandContext {
  engine: AnswerEngine;
  logger: Logger;
  rateLimiter: RateLimiter;
  recent: RecentQuestions;
  /** When to defer if the answer is not ready (ms). */
  deferAfterMs: number;
  /** The daily digests, when the bot runs them. */
  digest?: DigestService;
}

export interface DiscordCommand {
  definition: CommandDefinition;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** A button whose custom_id is `<command name>:<action>:<args…>`. */
  button?(interaction: ButtonInteraction, action: string, args: string[], ctx: CommandContext): Promise<void>;
}

/** A button's custom_id, routed back to the command that made it. */
export function customId(command: string, action: string, ...args: string[]): string {
  const id = [command, action, ...args].join(':');
  if (id.length > 100) throw new Error(`custom_id too long: ${id.length}`);
  return id;
}

/** The rate-limit key of a Discord user: one budget per user and platform. */
export function rateKey(userId: string): string {
  return `discord:${userId}`;
}

/** Counts a question against the user's budget; replies with a private notice and returns false when over. */
export async function withinRateLimit(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  ctx: CommandContext,
): Promise<boolean> {
  const decision = ctx.rateLimiter.take(rateKey(interaction.user.id));
  if (decision.allowed) return true;
  ctx.logger.info({ user: interaction.user.id, retryAfterMs: decision.retryAfterMs }, 'discord: rate limited');
  await replyNotice(interaction, rateLimitMessage(decision.retryAfterMs));
  return false;
}
