// Structured logs (pino) on stderr, so stdout stays free for answers and JSON: readable lines on a
// terminal, one JSON object a line otherwise (journald, containers, files).
// Secrets are redacted by key, and any configured secret value is scrubbed from messages too.
import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { wantsColor } from './adapters/console/render.js';

export type { Logger };

const SECRET_KEYS = ['token', 'secret', 'authorization', 'password', 'signingSecret', 'appToken', 'botToken'];

export interface LoggerOptions {
  /** From the validated configuration (LOG_LEVEL); absent means info. Never read from the raw environment. */
  level?: string;
  secrets?: (string | undefined)[];
  /** Readable lines rather than JSON; default: when stderr is a terminal. */
  pretty?: boolean;
  /** Where lines go; default: stderr. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => Boolean(s && s.length >= 6));
  const scrub = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const out = options.destination ?? pino.destination(2);
  const destination = pretty
    ? // Synchronous, in this thread: a line logged just before exit is never lost.
      PinoPretty({ destination: out, sync: true, colorize: wantsColor(process.stderr), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' })
    : out;
  return pino(
    {
      level: options.level ?? 'info',
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
    destination,
  );
}

function scrubError(e: Error, scrub: (s: string) => string): Error {
  e.message = scrub(e.message);
  return e;
}

/** A logger that drops everything: for tests and the terminal. */
export const silentLogger: Logger = pino({ level: 'silent' });
