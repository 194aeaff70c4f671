// Answering an interaction in time: Discord drops an interaction not acknowledged within 3 s.
// We reply directly when the answer is ready quickly; otherwise we defer (ephemeral or not is
// decided then, for good) and edit the deferred response when the answer arrives.
import { MessageFlags, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import type { Logger } from '../../log.js';
import { errorRef } from '../common/text.js';
import { BusyError } from '../../pool/answer-pool.js';
import { textMessage, type DiscordMessage } from './render.js';
import { chooseLanguage, messages } from '../common/messages.js';
import { escapeDiscord } from './markdown.js';
import { withTokenLife } from './retry.js';

export type RepliableInteraction = ChatInputCommandInteraction | MessageComponentInteraction;

/** Defer after this long without an answer: leaves ~1 s for the defer to reach Discord. */
export const DEFAULT_DEFER_AFTER_MS = 2000;

export interface ReplyOptions {
  ephemeral: boolean;
  deferAfterMs?: number;
  /** After a defer, the edit is retried with backoff from this wait (default 1 s) while the token lives. */
  retryBaseMs?: number;
  logger?: Logger;
}

/**
 * Replies to `interaction` with what `produce` makes: directly if it is ready within
 * `deferAfterMs`, otherwise after deferring. If `produce` fails, the error is rethrown once any
 * defer under way has settled, so that the caller's error reply sees the interaction's true state.
 */
export async function replyInTime(
  interaction: RepliableInteraction,
  options: ReplyOptions,
  produce: () => Promise<DiscordMessage>,
): Promise<void> {
  const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
  // The timer's defer, if it fired: settles to the error when the defer failed.
  const pending: { defer: Promise<unknown> | null } = { defer: null };
  const timer = setTimeout(() => {
    pending.defer = interaction.deferReply({ flags }).then(
      () => null,
      (err: unknown) => err,
    );
  }, options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS);
  let message: DiscordMessage;
  try {
    message = await produce();
  } finally {
    clearTimeout(timer);
    if (pending.defer) {
      const deferError = await pending.defer;
      if (deferError) throw deferError;
    }
  }
  if (interaction.deferred) {
    await withTokenLife(interaction, () => interaction.editReply(message), { what: 'answer', baseMs: options.retryBaseMs, logger: options.logger });
  } else {
    await interaction.reply({ ...message, flags });
  }
}

/** A short ephemeral notice (rate limit, expired button…), as a first reply. */
export async function replyNotice(interaction: RepliableInteraction, markdown: string): Promise<void> {
  await interaction.reply({ ...textMessage(markdown), flags: MessageFlags.Ephemeral });
}

/**
 * Tells the user something went wrong, privately, with a reference also written to the log.
 * Never throws: the interaction may be gone or Discord unreachable.
 */
export async function replyError(
  interaction: RepliableInteraction,
  err: unknown,
  logger: Logger,
  context: Record<string, unknown>,
  retryBaseMs?: number,
): Promise<string> {
  const retry = <T>(send: () => Promise<T>) => withTokenLife(interaction, send, { what: 'error notice', baseMs: retryBaseMs, logger });
  const busy = err instanceof BusyError;
  const ref = errorRef();
  const m = messages(chooseLanguage(interaction.locale));
  if (busy) logger.warn({ ref, ...context }, 'discord: answer queue full; asked the user to try again');
  else logger.error({ err, ref, ...context }, 'discord: handler failed');
  const notice = { ...textMessage(escapeDiscord(busy ? m.busy : m.somethingWrong(ref))) };
  try {
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply({ ...notice, flags: MessageFlags.Ephemeral });
    } else if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
      await retry(() => interaction.editReply(notice));
    } else if (interaction.deferred && !interaction.replied) {
      // A public "thinking…" would stay forever: remove it, then tell the user alone.
      await interaction.deleteReply().catch(() => undefined);
      await retry(() => interaction.followUp({ ...notice, flags: MessageFlags.Ephemeral }));
    } else {
      await retry(() => interaction.followUp({ ...notice, flags: MessageFlags.Ephemeral }));
    }
  } catch (replyErr) {
    if (!interaction.deferred && !interaction.replied)
      // Nothing reached Discord within its 3 s: the user saw "the application did not respond".
      logger.error({ err: replyErr, ref, ...context }, 'discord: the interaction could not be acknowledged in time; the user saw no answer');
    else logger.warn({ err: replyErr, ref, ...context }, 'discord: could not send the error reply');
  }
  return ref;
}
