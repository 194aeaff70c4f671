// Structured logs (pino) on stderr, so stdout stays free for answers and JSON.
// Secrets are redacted by key, and any configured secret value is scrubbed from messages too.
import { pino, type Logger } from 'pino';

export type { Logger };

const SECRET_KEYS = ['token', 'secret', 'authorization', 'password', 'signingSecret', 'appToken', 'botToken'];

export function createLogger(options: { level?: string; secrets?: (string | undefined)[] } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => Boolean(s && s.length >= 6));
  const scrub = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: {
        paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers.${k}`]),
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrub(a) : a instanceof Error ? scrubError(a, scrub) : a)) as typeof args,
          );
        },
      },
      serializers: { err: (e: Error) => ({ type: e.name, message: scrub(e.message), stack: e.stack && scrub(e.stack) }) },
    },
    pino.destination(2),
  );
}

function scrubError(e: Error, scrub: (s: string) => string): Error {
  e.message = scrub(e.message);
  return e;
}

/** A logger that drops everything: for tests and the terminal. */
export const silentLogger: Logger = pino({ level: 'silent' });
