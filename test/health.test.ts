// What /healthz reads: every part's state; a platform down for good and an unusable state file named.
import { describe, expect, it } from 'vitest';
import { Health } from '../src/ops/health.js';
import { DigestRunner } from '../src/digest/runner.js';
import { Engine } from '../src/core/engine.js';
import { SqliteDigestStore } from '../src/digest/store.js';
import { sqliteStateStore } from '../src/state/sqlite.js';

describe('health', () => {
  it('is healthy while every part is up, and names a platform down for good and an unusable state file', () => {
    const health = new Health();
    health.up('slack');
    health.up('discord');
    expect(health.report().healthy).toBe(true);
    health.down('discord', 'Discord closed the gateway for good (4004: authentication failed: DISCORD_TOKEN was refused)');
    const runner = new DigestRunner({ store: sqliteStateStore(new SqliteDigestStore(':memory:')), unavailable: 'digests are unavailable: the state file /d/veille.sqlite is read-only; it is left as it is', engine: Engine.fromArticles([]) });
    health.watch('digest', () => runner.health());
    const report = health.report();
    expect(report.healthy).toBe(false);
    expect(report.down).toEqual(['discord']);
    expect(report.parts.slack).toMatchObject({ status: 'up' });
    expect(report.parts.discord).toMatchObject({ status: 'down', detail: expect.stringContaining('DISCORD_TOKEN') });
    // The bot still answers without digests: degraded, not down.
    expect(report.parts.digest).toMatchObject({ status: 'degraded', detail: expect.stringContaining('read-only') });
  });
});
