// What every command module offers the router, and what the router gives it.
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { Answers } from '../../common/adapter.js';
import type { DigestService } from '../../../digest/runner.js';
import type { Logger } from '../../../log.js';
import { rateLimitMessage, type RateLimiter } from '../../common/ratelimit.js';
import { chooseLanguage, messages, type Messages } from '../../common/messages.js';
import type { ConversationState } from '../../../state/store.js';
import type { FollowUps } from '../../common/adapter.js';
import type { CommandDefinition } from '../definitions.js';
import { replyNotice } from '../reply.js';
import { escapeDiscord } from '../markdown.js';

export interface CommandContext {
  engine: Answers;
  logger: Logger;
  rateLimiter: RateLimiter;
  /** Answers (for their buttons), threads and votes, in DATA_DIR. */
  store: ConversationState;
  /** Reads follow-ups with their thread; null when the engine cannot analyse questions. */
  conversation: FollowUps | null;
  /** When to defer if the answer is not ready (ms). */
  deferAfterMs: number;
  /** First wait before sending an edit or follow-up again (doubles, while the token lives; default 1 s). */
  retryBaseMs?: number;
  /** The daily digests, when the bot runs them. */
  digest?: DigestService;
}

export interface DiscordCommand {
  definition: CommandDefinition;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** The first part of its buttons' custom_ids (default: the command's name). */
  buttonPrefix?: string;
  /** A button whose custom_id is `<prefix>:<action>:<args…>`. */
  button?(interaction: ButtonInteraction, action: string, args: string[], ctx: CommandContext): Promise<void>;
}

/** Buttons that belong to no slash command (👍 / 👎 on every answer). */
export interface ButtonModule {
  buttonPrefix: string;
  button(interaction: ButtonInteraction, action: string, args: string[], ctx: CommandContext): Promise<void>;
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
  await replyNotice(interaction, escapeDiscord(rateLimitMessage(decision.retryAfterMs, catalogueFor(interaction))));
  return false;
}

/** The catalogue in the user's language: their Discord client's locale, else what they wrote. */
export function catalogueFor(interaction: { locale?: string | null }, text?: string | null): Messages {
  return messages(chooseLanguage(interaction.locale, text));
}
