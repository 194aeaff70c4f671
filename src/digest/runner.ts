// Runs the daily digests: one croner job per subscription (in its time zone), a catch-up at start
// for a digest missed while the bot was down (if it is still that local day), exactly-once
// delivery through the store's claims, and retries with backoff on platform errors.
// Platform-free: each platform plugs in a `DigestDelivery`.
import type { Cron } from 'croner';
import type { Digest, DigestOptions } from '../core/types.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { metrics } from '../ops/metrics.js';
import { dailyJob, dueToday, localDay, nextRun, parseTime, parseTimeZone } from './schedule.js';
import type { StateStore } from '../state/store.js';
import { isStorageError, type DigestRun, type Platform, type Subscription } from './store.js';

export interface PostOptions {
  /** Messages already posted by an earlier attempt: post from this index on (default 0). */
  from?: number;
  /** Told each message's id as soon as the platform confirms it; await it before the next message (it is recorded). */
  sent?: (messageId: string) => Promise<void> | void;
  /** A key unique to this run, for platforms that deduplicate (Discord's nonce). */
  key?: string;
}

/** How a platform posts a digest in one of its channels. */
export interface DigestDelivery {
  readonly platform: Platform;
  /** Posts the digest (one or more messages); resolves with the ids of the messages it posted. */
  post(channel: string, digest: Digest, options?: PostOptions): Promise<string[]>;
  /**
   * Whether this process is the one to post in `channel` (Discord: the shard holding its guild
   * runs here). Absent: always. Another process answers yes for the channels this one leaves.
   */
  handles?(channel: string): Promise<boolean>;
  /**
   * The pages of this run already in the channel, page index → message id: what an attempt
   * posted without living to record it (a crash, or an error after the platform accepted).
   * Looks only at messages posted since `since`.
   */
  findPosted?(channel: string, digest: Digest, options: { key: string; since: Date }): Promise<Map<number, string>>;
}

export type QuietDay = 'post' | 'skip';

export type RunOutcome =
  | { status: 'delivered'; run: DigestRun; messageIds: string[]; articles: number }
  | { status: 'quiet'; run: DigestRun }
  | { status: 'failed'; run: DigestRun; error: string }
  /** Already delivered or failed for that day, or being posted by someone else. */
  | { status: 'skipped'; reason: string; run?: DigestRun }
  /** The state store failed (a full disk): tried again at `retryAt`, until the local day ends. */
  | { status: 'deferred'; error: string; retryAt: Date | null };

/** A digest that could not be run for a storage reason, retried with backoff. */
export interface RunProblem {
  day: string;
  error: string;
  /** When it first failed, and how many tries failed. */
  since: Date;
  tries: number;
  /** The next try (null: the local day is over, given up). */
  retryAt: Date | null;
}

/** What a health endpoint reports of the digest part. */
export interface DigestHealth {
  status: 'ok' | 'degraded' | 'unavailable';
  /** Why, for a person (null when ok). */
  detail: string | null;
}

export type SubscribeResult = { ok: true; subscription: Subscription; next: Date | null } | { ok: false; error: string };

export interface DigestStatus {
  subscription: Subscription | null;
  /** When the next digest is due (null when not subscribed). */
  next: Date | null;
  last: DigestRun | null;
  /** The day's digest could not be run (state store error) and is being retried. */
  problem: RunProblem | null;
  /** The state file was damaged at start and replaced by a fresh one (earlier subscriptions lost). */
  recovered: { file: string; movedAside: string } | null;
}

/** What the /digest commands need, whatever the platform. */
export interface DigestService {
  subscribe(input: { platform: Platform; channel: string; time: string; timezone: string; createdBy: string }): Promise<SubscribeResult>;
  unsubscribe(platform: Platform, channel: string): Promise<boolean>;
  status(platform: Platform, channel: string): Promise<DigestStatus>;
  /** What would be posted now in the channel (nothing is recorded). */
  preview(platform: Platform, channel: string, timezone?: string): Promise<Digest>;
  /** Whether digests with no article are posted (`post`) or skipped. */
  readonly quietDay: QuietDay;
  /**
   * Why digests cannot work at all (the state file is damaged, read-only or cannot be opened):
   * the message the commands answer with. Null when they work.
   */
  readonly unavailable: string | null;
}

export interface DigestRunnerOptions {
  store: StateStore;
  /** Set when the state file cannot be used: nothing is scheduled, the commands say why. */
  unavailable?: string | null;
  /** The state file was damaged at start, moved aside, and replaced by a fresh one. */
  recovered?: { file: string; movedAside: string } | null;
  /** Waits between the tries of a digest whose state write failed (a full disk); the last repeats until the local day ends. */
  storageRetryDelaysMs?: number[];
  /** The engine, or the answer pool (whose digest is computed off the event loop). */
  engine: { digest(since: Date, until: Date, options?: DigestOptions): Digest | Promise<Digest> };
  deliveries?: DigestDelivery[];
  /** Runs before composing each digest (e.g. fetch the feeds now); a failure is logged, not fatal. */
  beforeDigest?: () => Promise<unknown> | unknown;
  quietDay?: QuietDay;
  logger?: Logger;
  /** A claim older than this with nothing posted belongs to a dead process and is retried (default 5 min). */
  leaseMs?: number;
  /** Waits between the tries of a delivery (default 5 s then 30 s: three tries). */
  retryDelaysMs?: number[];
  /** Told of every run's outcome (tests, metrics). */
  onOutcome?: (outcome: RunOutcome, subscription: Subscription) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const keyOf = (platform: Platform, channel: string) => `${platform}\u0000${channel}`;

export class DigestRunner implements DigestService {
  private readonly store: StateStore;
  private readonly logger: Logger;
  private readonly deliveries = new Map<Platform, DigestDelivery>();
  private readonly jobs = new Map<string, Cron>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, Promise<RunOutcome>>();
  private started = false;
  readonly quietDay: QuietDay;
  private readonly leaseMs: number;
  private readonly retryDelaysMs: number[];
  readonly unavailable: string | null;
  private readonly problems = new Map<string, RunProblem>();
  private readonly storageRetryDelaysMs: number[];

  constructor(private readonly options: DigestRunnerOptions) {
    this.store = options.store;
    this.unavailable = options.unavailable ?? null;
    this.storageRetryDelaysMs = options.storageRetryDelaysMs ?? [30_000, 60_000, 120_000, 300_000, 600_000];
    this.logger = (options.logger ?? silentLogger).child({ component: 'digest' });
    this.quietDay = options.quietDay ?? 'skip';
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.retryDelaysMs = options.retryDelaysMs ?? [5_000, 30_000];
    for (const d of options.deliveries ?? []) this.deliveries.set(d.platform, d);
  }

  /** For a health endpoint: unavailable (no state file), degraded (a digest being retried, or a recovered file), ok. */
  health(): DigestHealth {
    if (this.unavailable) return { status: 'unavailable', detail: this.unavailable };
    const problem = [...this.problems.values()][0];
    if (problem) return { status: 'degraded', detail: `a digest could not be run: ${problem.error}` };
    if (this.options.recovered)
      return { status: 'degraded', detail: `the state file was damaged and moved aside to ${this.options.recovered.movedAside}; a fresh one was created` };
    return { status: 'ok', detail: null };
  }

  async addDelivery(delivery: DigestDelivery): Promise<void> {
    this.deliveries.set(delivery.platform, delivery);
    if (this.started && !this.unavailable) for (const sub of await this.store.subscriptions()) if (sub.platform === delivery.platform) await this.schedule(sub, true);
  }

  /** Schedules every subscription, and posts the digests missed today while the bot was down. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.unavailable) {
      this.logger.error({ problem: this.unavailable }, 'digest: not scheduled: the state file cannot be used; answers keep working');
      return;
    }
    const subs = await this.store.subscriptions();
    for (const sub of subs) await this.schedule(sub, true);
    this.logger.info({ subscriptions: subs.length, platforms: [...this.deliveries.keys()] }, 'digest: scheduler started');
  }

  /** Stops the jobs and waits for the digests being posted. */
  async stop(): Promise<void> {
    this.started = false;
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    for (const t of this.retries.values()) clearTimeout(t);
    this.retries.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Waits for the digests being posted (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async schedule(sub: Subscription, catchUp: boolean): Promise<void> {
    const key = keyOf(sub.platform, sub.channel);
    this.jobs.get(key)?.stop();
    this.jobs.delete(key);
    if (!this.deliveries.has(sub.platform)) {
      this.logger.warn({ platform: sub.platform, channel: sub.channel }, 'digest: platform not running; subscription not scheduled');
      return;
    }
    const job = dailyJob(sub.time, sub.timezone, () => {
      void this.trigger(sub, new Date());
    });
    this.jobs.set(key, job);
    if (catchUp) {
      const now = new Date();
      const due = dueToday(sub.time, sub.timezone, now);
      // Only a digest that was due while subscribed: subscribing at 11:00 for 09:00 starts tomorrow.
      if (due && Date.parse(sub.createdAt) <= due.getTime()) {
        const existing = await this.store.run(sub.platform, sub.channel, localDay(now, sub.timezone));
        if (!existing || existing.status === 'claimed') {
          this.logger.info({ platform: sub.platform, channel: sub.channel, due: due.toISOString() }, 'digest: catching up a missed digest');
          void this.trigger(sub, now);
        }
      }
    }
  }

  /** Runs the digest of `sub` for the local day of `at`, once at a time per channel. */
  trigger(sub: Subscription, at: Date): Promise<RunOutcome> {
    const key = keyOf(sub.platform, sub.channel);
    const running = this.inFlight.get(key);
    if (running) return running;
    const work = this.execute(sub, at)
      .catch((err: unknown): RunOutcome => {
        if (isStorageError(err)) return this.storageFailed(sub, at, err);
        this.logger.error({ err, platform: sub.platform, channel: sub.channel }, 'digest: run failed unexpectedly');
        return { status: 'skipped', reason: `error: ${(err as Error).message}` };
      })
      .then((outcome) => {
        if (outcome.status !== 'deferred') this.problems.delete(key);
        this.options.onOutcome?.(outcome, sub);
        return outcome;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  private async execute(sub: Subscription, at: Date): Promise<RunOutcome> {
    const log = this.logger.child({ platform: sub.platform, channel: sub.channel });
    const delivery = this.deliveries.get(sub.platform);
    if (!delivery) return { status: 'skipped', reason: 'platform not running' };
    const day = localDay(at, sub.timezone);
    // The subscription may have changed or gone since this run was scheduled.
    const current = await this.store.subscription(sub.platform, sub.channel);
    if (!current) return { status: 'skipped', reason: 'unsubscribed' };
    if (delivery.handles && !(await delivery.handles(sub.channel))) {
      log.debug('digest: the channel is on a shard another process runs; left to it');
      return { status: 'skipped', reason: 'held by another shard' };
    }
    const before = await this.store.run(sub.platform, sub.channel, day);
    if (before && before.status !== 'claimed') return { status: 'skipped', reason: `already ${before.status}`, run: before };

    if (this.options.beforeDigest) {
      try {
        await this.options.beforeDigest();
      } catch (err) {
        log.warn({ err }, 'digest: beforeDigest hook failed; composing with the corpus as it is');
      }
    }

    const now = new Date();
    if (localDay(now, sub.timezone) !== day) return { status: 'skipped', reason: 'the local day is over' };
    const windowStart = (await this.windowStart(sub.platform, sub.channel, now)).toISOString();
    const claim = await this.store.claim({
      platform: sub.platform,
      channel: sub.channel,
      day,
      windowStart,
      windowEnd: now.toISOString(),
      now,
      leaseMs: this.leaseMs,
      // After this process's own storage failure, its claim is taken back at once.
      resume: this.problems.has(keyOf(sub.platform, sub.channel)),
    });
    if (!claim.claimed) {
      if (claim.run.status === 'claimed') this.retryAfterLease(sub, claim.run);
      return { status: 'skipped', reason: `already ${claim.run.status}`, run: claim.run };
    }
    const run = claim.run;
    if (claim.takenOver) log.warn({ day, posted: run.messageIds.length }, 'digest: taking over a claim left by a stopped process');

    const digest = await this.options.engine.digest(new Date(run.windowStart), new Date(run.windowEnd), { timeZone: sub.timezone });
    const ids = [...run.messageIds];
    if (digest.count === 0 && this.quietDay === 'skip' && ids.length === 0) {
      await this.store.markDelivered(run.id, { articles: 0, now: new Date() });
      log.info({ day }, 'digest: no new articles; nothing posted (DIGEST_QUIET_DAY=skip)');
      return { status: 'quiet', run: (await this.store.run(sub.platform, sub.channel, day))! };
    }

    const tries = this.retryDelaysMs.length + 1;
    // Unique to this run even across a state file recreated the same day (ids restart at 1).
    const key = `${run.id}.${Date.parse(run.windowEnd).toString(36)}`;
    // A taken-over claim or a failed attempt may have posted a page without recording it: look
    // in the channel before posting again, and record what is there.
    let mustLook = claim.takenOver;
    let lastError = '';
    for (let attempt = 1; attempt <= tries; attempt++) {
      try {
        if (mustLook && delivery.findPosted) {
          const found = await delivery.findPosted(sub.channel, digest, { key, since: new Date(Date.parse(run.windowEnd) - 60_000) });
          const before = ids.length;
          while (found.has(ids.length)) {
            const id = found.get(ids.length)!;
            await this.store.addMessageId(run.id, id);
            ids.push(id);
          }
          if (ids.length > before) log.warn({ day, pages: ids.length - before }, 'digest: found pages posted but not recorded; not posting them again');
        }
        mustLook = true;
        await delivery.post(sub.channel, digest, {
          from: ids.length,
          key,
          sent: async (id) => {
            ids.push(id);
            await this.store.addMessageId(run.id, id);
          },
        });
        await this.store.recordAttempt(run.id, null);
        await this.store.markDelivered(run.id, { articles: digest.count, now: new Date() });
        log.info({ day, articles: digest.count, messages: ids.length, attempt }, 'digest: delivered');
        metrics.digests.inc({ outcome: 'posted' });
        return { status: 'delivered', run: (await this.store.run(sub.platform, sub.channel, day))!, messageIds: ids, articles: digest.count };
      } catch (err) {
        lastError = describeError(err);
        await this.store.recordAttempt(run.id, lastError);
        log.warn({ err, day, attempt, of: tries }, 'digest: delivery failed');
        if (attempt < tries) await sleep(this.retryDelaysMs[attempt - 1]);
      }
    }
    await this.store.markFailed(run.id, { error: lastError, articles: digest.count, now: new Date() });
    log.error({ day, error: lastError }, `digest: gave up after ${tries} tries`);
    metrics.digests.inc({ outcome: 'failed' });
    return { status: 'failed', run: (await this.store.run(sub.platform, sub.channel, day))!, error: lastError };
  }

  /**
   * Where the next digest of a channel starts: the end of the last delivered one; else (first
   * digest) 24 h ago, or earlier when a failed digest's window started earlier (nothing is lost).
   */
  private async windowStart(platform: Platform, channel: string, now: Date): Promise<Date> {
    const delivered = await this.store.lastDelivered(platform, channel);
    if (delivered) return new Date(delivered.windowEnd);
    const dayAgo = now.getTime() - DAY_MS;
    const last = await this.store.lastRun(platform, channel);
    const failedStart = last?.status === 'failed' ? Date.parse(last.windowStart) : Infinity;
    return new Date(Math.min(dayAgo, failedStart));
  }

  /**
   * The state store failed during a run (a full disk at claim time, or while recording): nothing
   * more is posted now; the run is tried again with backoff until the local day ends, and
   * `/digest status` shows the failure meanwhile. Posting resumes where it stopped (the claim is
   * this process's own, and pages already in the channel are looked for first).
   */
  private storageFailed(sub: Subscription, at: Date, err: unknown): RunOutcome {
    const key = keyOf(sub.platform, sub.channel);
    const day = localDay(at, sub.timezone);
    const error = describeError(err);
    const previous = this.problems.get(key);
    const tries = previous?.day === day ? previous.tries + 1 : 1;
    const delay = this.storageRetryDelaysMs[Math.min(tries, this.storageRetryDelaysMs.length) - 1];
    const next = new Date(Date.now() + delay);
    const retryAt = this.started && localDay(next, sub.timezone) === day ? next : null;
    this.problems.set(key, { day, error, since: previous?.day === day ? previous.since : new Date(), tries, retryAt });
    if (retryAt) {
      clearTimeout(this.retries.get(key));
      const timer = setTimeout(() => {
        this.retries.delete(key);
        void this.trigger(sub, new Date());
      }, delay);
      timer.unref?.();
      this.retries.set(key, timer);
      this.logger.error({ err, platform: sub.platform, channel: sub.channel, day, tries, retryAt }, 'digest: the state store failed; trying again later');
    } else {
      this.logger.error({ err, platform: sub.platform, channel: sub.channel, day, tries }, 'digest: the state store failed; the local day is over, giving up this digest');
    }
    return { status: 'deferred', error, retryAt };
  }

  /** A claim held by another (maybe dead) process: look again once its lease is over. */
  private retryAfterLease(sub: Subscription, run: DigestRun): void {
    const key = keyOf(sub.platform, sub.channel);
    if (this.retries.has(key) || !this.started) return;
    const wait = Math.max(0, Date.parse(run.claimedAt) + this.leaseMs - Date.now()) + 50;
    const timer = setTimeout(() => {
      this.retries.delete(key);
      const now = new Date();
      if (localDay(now, sub.timezone) === run.day) void this.trigger(sub, now);
    }, wait);
    timer.unref?.();
    this.retries.set(key, timer);
  }

  // --- What the /digest commands use ---

  async subscribe(input: { platform: Platform; channel: string; time: string; timezone: string; createdBy: string }): Promise<SubscribeResult> {
    const time = parseTime(input.time);
    if (!time.ok) return { ok: false, error: time.error };
    const zone = parseTimeZone(input.timezone);
    if (!zone.ok) return { ok: false, error: zone.error };
    const subscription = await this.store.subscribe({
      platform: input.platform,
      channel: input.channel,
      time: time.value,
      timezone: zone.value,
      createdBy: input.createdBy,
      createdAt: new Date().toISOString(),
    });
    if (this.started) await this.schedule(subscription, false);
    return { ok: true, subscription, next: nextRun(subscription.time, subscription.timezone, new Date()) };
  }

  async unsubscribe(platform: Platform, channel: string): Promise<boolean> {
    const key = keyOf(platform, channel);
    this.jobs.get(key)?.stop();
    this.jobs.delete(key);
    clearTimeout(this.retries.get(key));
    this.retries.delete(key);
    return this.store.unsubscribe(platform, channel);
  }

  async status(platform: Platform, channel: string): Promise<DigestStatus> {
    const subscription = await this.store.subscription(platform, channel);
    const next = subscription ? nextRun(subscription.time, subscription.timezone, new Date()) : null;
    return {
      subscription,
      next,
      last: await this.store.lastRun(platform, channel),
      problem: this.problems.get(keyOf(platform, channel)) ?? null,
      recovered: this.options.recovered ?? null,
    };
  }

  async preview(platform: Platform, channel: string, timezone?: string): Promise<Digest> {
    const sub = await this.store.subscription(platform, channel);
    const now = new Date();
    const since = await this.windowStart(platform, channel, now);
    return await this.options.engine.digest(since, now, { timeZone: sub?.timezone ?? timezone ?? 'UTC' });
  }
}

function describeError(err: unknown): string {
  const e = err as { status?: number; code?: unknown; message?: string; data?: { error?: string } };
  const parts = [e?.status ? `HTTP ${e.status}` : null, e?.data?.error ?? null, e?.message ?? String(err)].filter(Boolean);
  return parts.join(': ').slice(0, 500);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
