// What /healthz reports: each part of the bot (the engine, each platform, the state file…) says
// whether it works. Platform-free, so that any module can report into it without knowing HTTP.
//   up        works
//   degraded  works, with something an operator should look at (still healthy: 200)
//   down      does not work (unhealthy: 503), or has not started yet

export type PartStatus = 'up' | 'degraded' | 'down';

export interface PartState {
  status: PartStatus;
  /** Why, in a few words, when not simply up. */
  detail?: string;
  /** When the part last changed status (ISO time). */
  since: string;
}

export interface HealthReport {
  healthy: boolean;
  /** The parts that are down, by name: what the 503 is about. */
  down: string[];
  parts: Record<string, PartState>;
}

/** A part that reports itself when asked (the digest runner's state file, its failed runs). */
export type PartCheck = () => { status: 'ok' | 'up' | 'degraded' | 'unavailable' | 'down'; detail: string | null };

export class Health {
  private readonly parts = new Map<string, PartState>();
  private readonly checks = new Map<string, PartCheck>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Declares a part the bot needs: down ("starting") until it reports up. */
  expect(part: string, detail = 'starting'): void {
    if (!this.parts.has(part)) this.set(part, 'down', detail);
  }

  up(part: string, detail?: string): void {
    this.set(part, 'up', detail);
  }

  degraded(part: string, detail: string): void {
    this.set(part, 'degraded', detail);
  }

  down(part: string, detail: string): void {
    this.set(part, 'down', detail);
  }

  /**
   * A part whose state is read when a report is made. Unavailable (digests without a usable state
   * file) counts as degraded: the bot still answers, an operator should look.
   */
  watch(part: string, check: PartCheck): void {
    this.checks.set(part, check);
  }

  /** A part that is no longer part of the bot (a platform stopped on purpose). */
  forget(part: string): void {
    this.parts.delete(part);
    this.checks.delete(part);
  }

  report(): HealthReport {
    for (const [part, check] of this.checks) {
      const { status, detail } = check();
      this.set(part, status === 'ok' || status === 'up' ? 'up' : status === 'down' ? 'down' : 'degraded', detail ?? undefined);
    }
    const parts = Object.fromEntries([...this.parts].sort(([a], [b]) => a.localeCompare(b)));
    const down = Object.entries(parts).flatMap(([name, p]) => (p.status === 'down' ? [name] : []));
    return { healthy: down.length === 0, down, parts };
  }

  private set(part: string, status: PartStatus, detail: string | undefined): void {
    const previous = this.parts.get(part);
    const since = previous?.status === status ? previous.since : this.now().toISOString();
    this.parts.set(part, { status, ...(detail ? { detail } : {}), since });
  }
}

/** The process's health: the parts of the running bot report here, /healthz reads it. */
export const health = new Health();
