// Bolt, its Web API client and its Socket Mode client log through this bridge into our pino logger,
// with every Slack secret scrubbed from the text first: the Web API client logs request headers and
// bodies at debug level, and an error message may quote a URL or a payload.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../log.js';

export function scrubber(secrets: (string | undefined)[]): (text: string) => string {
  const list = secrets.filter((s): s is string => Boolean(s && s.length >= 6));
  return (text) => list.reduce((acc, secret) => acc.split(secret).join('[redacted]'), text);
}

function format(args: unknown[], scrub: (s: string) => string): string {
  return scrub(
    args
      .map((a) => {
        if (typeof a === 'string') return a;
        if (a instanceof Error) return `${a.name}: ${a.message}`;
        try {
          return JSON.stringify(a);
        } catch {
          return String(a);
        }
      })
      .join(' '),
  );
}

/**
 * A @slack/logger-compatible logger writing to `logger`. Bolt asks to set its own level (INFO by
 * default); the level that counts stays the pino logger's, so LOG_LEVEL governs Slack's lines too.
 */
export function boltLogger(logger: Logger, secrets: (string | undefined)[]): BoltLogger {
  const scrub = scrubber(secrets);
  let level: LogLevel = LogLevel.INFO;
  let name = 'slack';
  let cached = logger.child({ component: name });
  const child = () => cached;
  return {
    debug: (...args: unknown[]) => child().debug(format(args, scrub)),
    info: (...args: unknown[]) => child().info(format(args, scrub)),
    warn: (...args: unknown[]) => child().warn(format(args, scrub)),
    error: (...args: unknown[]) => child().error(format(args, scrub)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
      cached = logger.child({ component: name });
    },
  };
}
