// The digest schedule, on a fake clock: a 09:00 subscription posts at 09:00 local every day,
// once, across daylight-saving changes; a digest missed while the bot was down goes out at start
// if it is still that local day, never the next day; each article is in exactly one digest.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { DigestRunner } from '../../src/digest/runner.js';
import { parseTime, parseTimeZone, suggestTimeZones } from '../../src/digest/schedule.js';
import { article, localTime, recordingDelivery, tempStore } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) c();
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Articles added at 03:00 UTC on each of `days` from `first`. */
function engineWithDailyArticles(first: string, days: number): Engine {
  const start = Date.parse(`${first}T03:00:00Z`);
  return Engine.fromArticles(
    Array.from({ length: days }, (_, i) => article(`a${i}`, new Date(start + i * DAY).toISOString())),
  );
}

function setup(options: { now: string; timezone: string; engine: Engine; createdAt?: string; time?: string }) {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(options.now));
  const { store, state, cleanup } = tempStore();
  cleanups.push(cleanup);
  store.subscribe({
    platform: 'test',
    channel: 'C1',
    time: options.time ?? '09:00',
    timezone: options.timezone,
    createdBy: 'U1',
    createdAt: options.createdAt ?? new Date(Date.parse(options.now) - 7 * DAY).toISOString(),
  });
  const delivery = recordingDelivery();
  const make = () => new DigestRunner({ store: state, engine: options.engine, deliveries: [delivery], retryDelaysMs: [10, 10] });
  return { store, state, delivery, make };
}

describe('daily schedule across daylight-saving changes', () => {
  const cases = [
    { zone: 'Europe/Paris', change: '2026-03-29', start: '2026-03-27T12:00:00Z', runs: ['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z'] },
    { zone: 'Europe/Paris', change: '2026-10-25', start: '2026-10-23T12:00:00Z', runs: ['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z'] },
    { zone: 'America/New_York', change: '2026-03-08', start: '2026-03-06T18:00:00Z', runs: ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z'] },
    { zone: 'America/New_York', change: '2026-11-01', start: '2026-10-30T18:00:00Z', runs: ['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z'] },
  ];
  for (const c of cases) {
    it(`a 09:00 ${c.zone} subscription posts at 09:00 local, once a day, around ${c.change}`, async () => {
      const engine = engineWithDailyArticles(c.start.slice(0, 10), 5);
      // Subscribed at the start (after that day's 09:00): the first digest is the next day's.
      const { delivery, make, store } = setup({ now: c.start, createdAt: c.start, timezone: c.zone, engine });
      const runner = make();
      await runner.start();
      await vi.advanceTimersByTimeAsync(3 * DAY);
      await runner.stop();
      expect(delivery.posts.map((p) => p.at)).toEqual(c.runs);
      for (const p of delivery.posts) expect(localTime(p.at, c.zone)).toBe('09:00');
      // Each day's digest is for that local day, and has the one article added since the last one.
      expect(delivery.posts.map((p) => p.digest.day)).toEqual(c.runs.map((r) => new Intl.DateTimeFormat('en-CA', { timeZone: c.zone }).format(new Date(r))));
      const ids = delivery.posts.flatMap((p) => p.digest.articles.map((a) => a.article.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(delivery.posts.slice(1).every((p) => p.digest.count === 1)).toBe(true);
      // The status a user sees: the last run delivered, the next one at 09:00 local.
      const status = await runner.status('test', 'C1');
      expect(status.last?.status).toBe('delivered');
      expect(localTime(status.next!.toISOString(), c.zone)).toBe('09:00');
      expect(store.lastRun('test', 'C1')?.day).toBe(delivery.posts[2].digest.day);
    });
  }
});

describe('catch-up after downtime', () => {
  const engine = engineWithDailyArticles('2026-05-10', 4);

  it('started at 11:00 with a 09:00 subscription: posts today’s digest at once, and only once', async () => {
    const { delivery, make } = setup({ now: '2026-05-11T09:00:00Z', timezone: 'Europe/Paris', engine }); // 11:00 in Paris
    const first = make();
    first.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(delivery.posts).toHaveLength(1);
    expect(delivery.posts[0].at).toBe('2026-05-11T09:00:00.000Z');
    expect(delivery.posts[0].digest.day).toBe('2026-05-11');
    await first.stop();
    // A restart the same day: already delivered, nothing more.
    vi.setSystemTime(new Date('2026-05-11T10:00:00Z'));
    const second = make();
    second.start();
    await vi.advanceTimersByTimeAsync(1000);
    await second.stop();
    expect(delivery.posts).toHaveLength(1);
  });

  it('started the next day before 09:00: yesterday’s digest is not posted; today’s goes out at 09:00', async () => {
    // Subscribed long ago; the bot was down all of 2026-05-11. It starts on the 12th at 08:00 Paris.
    const { delivery, make } = setup({ now: '2026-05-12T06:00:00Z', timezone: 'Europe/Paris', engine });
    const runner = make();
    await runner.start();
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(delivery.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(HOUR);
    await runner.stop();
    expect(delivery.posts.map((p) => [p.at, p.digest.day])).toEqual([['2026-05-12T07:00:00.000Z', '2026-05-12']]);
  });

  it('a subscription made at 11:00 for 09:00 starts tomorrow, not at once', async () => {
    const { delivery, make } = setup({ now: '2026-05-11T09:00:00Z', createdAt: '2026-05-11T09:00:00Z', timezone: 'Europe/Paris', engine });
    const runner = make();
    await runner.start();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(delivery.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(DAY);
    await runner.stop();
    expect(delivery.posts.map((p) => p.at)).toEqual(['2026-05-12T07:00:00.000Z']);
  });
});

describe('quiet days and failures', () => {
  it('no new article: nothing is posted by default, and the status says so', async () => {
    const engine = engineWithDailyArticles('2026-01-01', 1);
    const { delivery, make } = setup({ now: '2026-05-11T09:00:00Z', timezone: 'Europe/Paris', engine });
    const runner = make();
    await runner.start();
    await vi.advanceTimersByTimeAsync(1000);
    await runner.stop();
    expect(delivery.posts).toHaveLength(0);
    const last = (await runner.status('test', 'C1')).last!;
    expect(last.status).toBe('delivered');
    expect(last.messageIds).toEqual([]);
    expect(last.articles).toBe(0);
  });

  it('DIGEST_QUIET_DAY=post: the quiet day line is posted', async () => {
    const engine = engineWithDailyArticles('2026-01-01', 1);
    const { delivery, state } = setup({ now: '2026-05-11T09:00:00Z', timezone: 'Europe/Paris', engine });
    const runner = new DigestRunner({ store: state, engine, deliveries: [delivery], quietDay: 'post' });
    await runner.start();
    await vi.advanceTimersByTimeAsync(1000);
    await runner.stop();
    expect(delivery.posts).toHaveLength(1);
    expect(delivery.posts[0].digest.count).toBe(0);
  });

  it('three platform errors: recorded as failed with the error, not retried that day, and the next day works', async () => {
    const engine = engineWithDailyArticles('2026-05-10', 3);
    const { delivery, make } = setup({ now: '2026-05-11T06:00:00Z', timezone: 'Europe/Paris', engine });
    delivery.fail = 3;
    const runner = make();
    await runner.start();
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    const failed = (await runner.status('test', 'C1')).last!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, day: '2026-05-11' });
    expect(failed.error).toContain('500');
    expect(delivery.posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(DAY);
    await runner.stop();
    // No digest was delivered yet: the next one covers the failed day's window too.
    expect(delivery.posts).toHaveLength(1);
    expect(delivery.posts[0].digest.articles.map((a) => a.article.id).sort()).toEqual(['a1', 'a2']);
  });
});

describe('time and time zone input', () => {
  it('accepts 24-hour times and IANA names, and explains bad ones with an example', () => {
    expect(parseTime('9:05')).toEqual({ ok: true, value: '09:05' });
    expect(parseTime('18:30')).toEqual({ ok: true, value: '18:30' });
    const time = parseTime('25:00');
    expect(time.ok).toBe(false);
    expect(!time.ok && time.error).toMatch(/“25:00” is not a time of day.*e\.g\. 09:00/);
    expect(parseTimeZone('europe/paris')).toEqual({ ok: true, value: 'Europe/Paris' });
    const zone = parseTimeZone('Mars/Olympus');
    expect(zone.ok).toBe(false);
    expect(!zone.ok && zone.error).toMatch(/“Mars\/Olympus” is not a time zone.*e\.g\. Europe\/Paris/);
    expect(suggestTimeZones('new_y')).toContain('America/New_York');
    expect(suggestTimeZones('paris')[0]).toBe('Europe/Paris');
  });
});
