// What is down or degraded in this process, for the logs now and for a health endpoint (/healthz)
// to report: each part registers a check; a platform that stopped for good says so here.
export type PartStatus = 'ok' | 'degraded' | 'down' | 'unavailable';

export interface PartHealth {
  status: PartStatus;
  /** Why, for a person (null when ok). */
  detail: string | null;
}

export class HealthRegistry {
  private readonly checks = new Map<string, () => PartHealth>();

  /** Registers (or replaces) how part `name` reports itself. */
  register(name: string, check: () => PartHealth): void {
    this.checks.set(name, check);
  }

  /** Marks part `name` as down for good (a platform whose connection cannot come back). */
  down(name: string, detail: string): void {
    this.checks.set(name, () => ({ status: 'down', detail }));
  }

  /** Every part's state; `ok` overall only when every part is. */
  report(): { status: 'ok' | 'degraded'; parts: Record<string, PartHealth> } {
    const parts = Object.fromEntries([...this.checks].map(([name, check]) => [name, check()]));
    return { status: Object.values(parts).every((p) => p.status === 'ok') ? 'ok' : 'degraded', parts };
  }
}

/** The process's registry (main.ts fills it; a /healthz handler reads `health.report()`). */
export const health = new HealthRegistry();
