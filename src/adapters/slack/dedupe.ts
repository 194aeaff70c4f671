// Slack may deliver the same request twice: a retry (X-Slack-Retry-Num, Socket Mode's
// retry_attempt) when it did not see our acknowledgement in time, or a duplicate delivery.
// Every interaction carries a trigger_id that a retry repeats, so a bounded memory of recent
// trigger ids is enough to answer each interaction once. With several replicas behind a load
// balancer a retry may reach another replica: `shared` (the state store's, on PostgreSQL) then
// decides across all of them.

export class Deliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
    /** True the first time any replica offers `key` within `ttlMs`. */
    private readonly shared?: (key: string, ttlMs: number) => Promise<boolean>,
  ) {}

  /**
   * `first`, then the replicas' shared memory if there is one. If that cannot be reached, the
   * request is answered (a rare double answer beats a dropped question).
   */
  async firstAnywhere(key: string, onError?: (err: unknown) => void): Promise<boolean> {
    if (!this.first(key)) return false;
    if (!this.shared) return true;
    try {
      return await this.shared(key, this.ttlMs);
    } catch (err) {
      onError?.(err);
      return true;
    }
  }

  /** True the first time `key` is offered within the time to live; false for a repeat. */
  first(key: string): boolean {
    const now = this.now();
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    if (this.seen.size > this.capacity) this.evict(now);
    return true;
  }

  private evict(now: number): void {
    for (const [key, at] of this.seen) {
      if (this.seen.size <= this.capacity && now - at < this.ttlMs) break;
      this.seen.delete(key);
    }
  }
}
