// Checks in front of Bolt's HTTP receiver, for what it lets through: a signed request must carry a
// timestamp within 5 minutes of now in both directions (Bolt refuses only old ones, so a request
// signed for the future could be replayed for years); a body that is JSON but not an object
// (`null`) gets a 400 instead of a TypeError inside Bolt and no answer at all. And the only
// response_url followed is one on Slack's own hosts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log.js';

/** Slack's tolerance for a request timestamp, either way. */
export const MAX_SKEW_SECONDS = 5 * 60;

/** Slack's response_url hosts: Slack, and GovSlack. */
export const SLACK_RESPONSE_URL_HOSTS = ['hooks.slack.com', 'hooks.slack-gov.com'];

/** Whether `url` is an http(s) URL on one of `hosts` (or a subdomain of one). */
export function isSlackResponseUrl(url: string, hosts: string[] = SLACK_RESPONSE_URL_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  // Plain http only for hosts explicitly listed by the operator (a test's loopback fake).
  if (parsed.protocol === 'http:' && hosts === SLACK_RESPONSE_URL_HOSTS) return false;
  const host = parsed.hostname.toLowerCase();
  return hosts.some((h) => host === h.toLowerCase() || host.endsWith(`.${h.toLowerCase()}`));
}

/** Bolt's own limit on a request body. */
const BODY_LIMIT = 10 * 1024 * 1024;

/**
 * Wraps a receiver's request listener: requests to `path` are read (up to Bolt's limit) and checked
 * before Bolt sees them; Bolt reuses the body read here (`rawBody`).
 */
export function guardedListener(
  path: string,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  logger: Logger,
  now: () => number = Date.now,
): (req: IncomingMessage, res: ServerResponse) => void {
  const refuse = (res: ServerResponse, status: number, reason: string) => {
    logger.warn({ status }, `slack: request refused: ${reason}`);
    res.writeHead(status).end();
  };
  return (req, res) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== path) return listener(req, res);
    const stamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && Math.abs(now() / 1000 - stamp) > MAX_SKEW_SECONDS)
      return void (req.resume(), refuse(res, 401, 'timestamp more than 5 minutes from now'));
    const declared = Number(req.headers['content-length']);
    if (declared > BODY_LIMIT) return void (req.resume(), refuse(res, 413, 'body too large'));
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > BODY_LIMIT) {
        done = true;
        refuse(res, 413, 'body too large');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      done = true;
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const raw = Buffer.concat(chunks);
      if (String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.toString('utf8'));
        } catch {
          parsed = {};
        }
        // Malformed JSON is Bolt's to refuse; valid JSON that is not an object would crash it.
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse(res, 400, 'the JSON body is not an object');
      }
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      try {
        listener(req, res);
      } catch (err) {
        logger.warn({ err }, 'slack: request not handled');
        if (!res.headersSent) res.writeHead(404).end();
      }
    });
  };
}
