// A per-user sliding-window limit, shared by every platform adapter.
import { messages, type Messages } from './messages.js';
import { noteRateLimited } from './observe.js';

export interface RateLimitOptions {
  /** How many requests a key may make per window. */
  limit: number;
  windowMs: number;
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Records a request by `key` if it is within the limit. */
  take(key: string): RateDecision {
    const now = this.now();
    const since = now - this.options.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.options.limit) {
      this.hits.set(key, recent);
      noteRateLimited();
      return { allowed: false, retryAfterMs: recent[0] + this.options.windowMs - now };
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.sweep(since);
    return { allowed: true };
  }

  /** Forgets keys with no request in the window, so memory stays bounded. */
  private sweep(since: number): void {
    for (const [key, times] of this.hits) if (times.every((t) => t <= since)) this.hits.delete(key);
  }
}

export function rateLimitMessage(retryAfterMs: number, m: Messages = messages('en')): string {
  return m.rateLimited(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}
