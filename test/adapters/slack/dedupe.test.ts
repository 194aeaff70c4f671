import { describe, expect, it } from 'vitest';
import { Deliveries } from '../../../src/adapters/slack/dedupe.js';

describe('Deliveries', () => {
  it('lets a trigger through once within its time to live, and again after it', () => {
    let now = 0;
    const deliveries = new Deliveries(60_000, 100, () => now);
    expect(deliveries.first('t1')).toBe(true);
    expect(deliveries.first('t1')).toBe(false);
    expect(deliveries.first('t2')).toBe(true);
    now = 60_001;
    expect(deliveries.first('t1')).toBe(true);
  });

  it('stays bounded, forgetting the oldest first', () => {
    const deliveries = new Deliveries(60_000, 3, () => 0);
    for (const k of ['a', 'b', 'c', 'd']) expect(deliveries.first(k)).toBe(true);
    expect(deliveries.first('d')).toBe(false);
    expect(deliveries.first('a')).toBe(true); // evicted, so seen as new
  });
});
