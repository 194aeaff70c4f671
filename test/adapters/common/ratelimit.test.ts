import { describe, expect, it } from 'vitest';
import { RateLimiter, rateLimitMessage } from '../../../src/adapters/common/ratelimit.js';

describe('RateLimiter', () => {
  it('lets a user ask up to the limit in a window, then tells how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ limit: 5, windowMs: 30_000, now: () => now });
    for (let i = 0; i < 5; i++) {
      expect(limiter.take('alice')).toEqual({ allowed: true });
      now += 1000;
    }
    const refused = limiter.take('alice');
    expect(refused).toEqual({ allowed: false, retryAfterMs: 25_000 });
    if (!refused.allowed) expect(rateLimitMessage(refused.retryAfterMs)).toContain('25 s');
    // Another user is not affected.
    expect(limiter.take('bob')).toEqual({ allowed: true });
    // Once the first question leaves the window, one more is allowed.
    now += 25_001;
    expect(limiter.take('alice')).toEqual({ allowed: true });
  });
});
