// An interaction's token lives 15 minutes: once the interaction is acknowledged (deferred or
// answered), the edits and follow-ups sent with that token are retried with backoff while it
// lives, so that a few 500s or a long 429 from Discord do not lose an answer.
import type { Logger } from '../../log.js';

/** Interaction tokens expire 15 minutes after the interaction was created. */
export const TOKEN_LIFE_MS = 15 * 60_000;

export interface TokenRetryOptions {
  /** First wait between tries; doubles each time, up to a minute (default 1 s). */
  baseMs?: number;
  logger?: Logger;
  /** What is being sent, for the log. */
  what: string;
}

/** Whether Discord (or the network) may well accept the same request a little later. */
export function isTransient(err: unknown): boolean {
  const e = err as { status?: number; code?: unknown; name?: string };
  if (typeof e?.status === 'number') return e.status === 429 || e.status >= 500;
  // A RateLimitError (rejectOnRateLimit), a timeout, a reset connection.
  return e?.name === 'RateLimitError' || e?.name === 'AbortError' || ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'UND_ERR_SOCKET'].includes(String(e?.code));
}

/** Runs `send` until it succeeds, a permanent error, or the token's end (minus the last wait). */
export async function withTokenLife<T>(interaction: { id: string; createdTimestamp: number }, send: () => Promise<T>, options: TokenRetryOptions): Promise<T> {
  const expires = interaction.createdTimestamp + TOKEN_LIFE_MS;
  let wait = options.baseMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const context = { interaction: interaction.id, what: options.what, attempt };
      if (!isTransient(err) || Date.now() + wait >= expires) {
        options.logger?.error({ err, ...context }, 'discord: could not send after retrying while the interaction token lived');
        throw err;
      }
      options.logger?.warn({ err, ...context, retryInMs: wait }, 'discord: sending failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 60_000);
    }
  }
}
