// What a /healthz handler will read: every part's state, degraded overall when one is not ok.
import { describe, expect, it } from 'vitest';
import { HealthRegistry } from '../src/health.js';
import { DigestRunner } from '../src/digest/runner.js';
import { Engine } from '../src/core/engine.js';
import { SqliteDigestStore } from '../src/digest/store.js';
import { sqliteStateStore } from '../src/state/sqlite.js';

describe('the health registry', () => {
  it('is ok while every part is, and names a platform down for good and an unusable state file', () => {
    const health = new HealthRegistry();
    health.register('slack', () => ({ status: 'ok', detail: null }));
    health.register('discord', () => ({ status: 'ok', detail: null }));
    expect(health.report().status).toBe('ok');
    health.down('discord', 'Discord closed the gateway for good (4004: authentication failed: DISCORD_TOKEN was refused)');
    const runner = new DigestRunner({ store: sqliteStateStore(new SqliteDigestStore(':memory:')), unavailable: 'digests are unavailable: the state file /d/veille.sqlite is read-only; it is left as it is', engine: Engine.fromArticles([]) });
    health.register('digest', () => runner.health());
    const report = health.report();
    expect(report.status).toBe('degraded');
    expect(report.parts.slack).toEqual({ status: 'ok', detail: null });
    expect(report.parts.discord).toMatchObject({ status: 'down', detail: expect.stringContaining('DISCORD_TOKEN') });
    expect(report.parts.digest).toMatchObject({ status: 'unavailable', detail: expect.stringContaining('read-only') });
  });
});
