// When digests run: a local time of day in an IANA time zone, evaluated by croner, which follows
// daylight-saving changes (a 09:00 digest is at 09:00 local before and after the change).
import { Cron } from 'croner';
import { localDay } from '../core/digest.js';

export { localDay };

export const TIME_EXAMPLE = '09:00';
export const TIMEZONE_EXAMPLE = 'Europe/Paris';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** `9:00`, `09:00` or `0900` → `09:00`; anything else is a clear error with an example. */
export function parseTime(input: string): Parsed<string> {
  const m = /^\s*([01]?\d|2[0-3]):?([0-5]\d)\s*$/.exec(input ?? '');
  if (!m)
    return {
      ok: false,
      error: `“${(input ?? '').trim().slice(0, 40)}” is not a time of day. Use 24-hour HH:MM, e.g. ${TIME_EXAMPLE} or 18:30.`,
    };
  return { ok: true, value: `${m[1].padStart(2, '0')}:${m[2]}` };
}

let zones: Map<string, string> | undefined;

/** Every IANA time zone name the runtime knows (`Intl.supportedValuesOf('timeZone')`), plus UTC. */
export function timeZones(): string[] {
  return [...zoneMap().values()];
}

function zoneMap(): Map<string, string> {
  if (!zones) {
    zones = new Map();
    for (const z of [...Intl.supportedValuesOf('timeZone'), 'UTC']) zones.set(z.toLowerCase(), z);
  }
  return zones;
}

/** An IANA time zone name, case-insensitively, as its canonical spelling; else an error with an example. */
export function parseTimeZone(input: string): Parsed<string> {
  const name = (input ?? '').trim();
  const known = zoneMap().get(name.toLowerCase());
  if (known) return { ok: true, value: known };
  // Names the runtime accepts but does not list (aliases such as US/Eastern).
  try {
    if (name && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) {
      const resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
      return { ok: true, value: resolved };
    }
  } catch {
    // not a time zone
  }
  return {
    ok: false,
    error: `“${name.slice(0, 60)}” is not a time zone. Use an IANA name, e.g. ${TIMEZONE_EXAMPLE} or America/New_York.`,
  };
}

/** Time zones for autocomplete: those containing what was typed (prefix matches of a part first). */
export function suggestTimeZones(typed: string, limit = 25): string[] {
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const all = timeZones();
  if (!q) return [TIMEZONE_EXAMPLE, 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'UTC'].slice(0, limit);
  const starts = all.filter((z) => z.toLowerCase().split('/').some((part) => part.startsWith(q)) || z.toLowerCase().startsWith(q));
  const contains = all.filter((z) => !starts.includes(z) && z.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** The croner job description of a daily time (`09:00` → `0 9 * * *`). */
function pattern(time: string): string {
  const [h, m] = time.split(':').map(Number);
  return `${m} ${h} * * *`;
}

/** A paused croner job: only used to compute run times. */
export function cronOf(time: string, timeZone: string): Cron {
  return new Cron(pattern(time), { timezone: timeZone, paused: true });
}

/** A running daily job: `fire` at `time` local in `timeZone`, every day, never two at once. */
export function dailyJob(time: string, timeZone: string, fire: () => void): Cron {
  return new Cron(pattern(time), { timezone: timeZone, protect: true, unref: true }, fire);
}

/** The next run strictly after `after`. */
export function nextRun(time: string, timeZone: string, after: Date): Date | null {
  return cronOf(time, timeZone).nextRun(after);
}

/**
 * The run of the local day `now` falls in, if it is already due (at or before `now`); else null.
 * A time that does not exist that day (inside a spring-forward gap) runs just after the gap.
 */
export function dueToday(time: string, timeZone: string, now: Date): Date | null {
  const today = localDay(now, timeZone);
  // The runs of the last two days, latest first: the first one today and not in the future.
  const runs = cronOf(time, timeZone).previousRuns(2, new Date(now.getTime() + 1));
  return runs.find((r) => r.getTime() <= now.getTime() && localDay(r, timeZone) === today) ?? null;
}

/** `Tuesday 24 November 2026, 09:00 (Europe/Paris)`. */
export function formatLocal(date: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text.replace(/^(\p{L}+), /u, '$1 ').replace(' at ', ', ')} (${timeZone})`;
}
