// Polite HTTP GET: timeout, size cap enforced while streaming, redirect limit, content-type check,
// conditional requests, and an address guard on every connection (./network.ts). undici's fetch.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetch, type Response } from 'undici';
import { IngestError } from './errors.js';
import { RefusedAddressError, guardedAgent, type AddressPolicy } from './network.js';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Which addresses may be connected to (private ones are refused by default). */
  network: AddressPolicy;
}

export interface FetchRequest {
  /** Content types accepted (prefix match on the media type, e.g. `text/html`). */
  accept: string[];
  /** The Accept header sent. */
  acceptHeader: string;
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { status: 'not-modified'; url: string }
  | { status: 'ok'; url: string; contentType: string; text: string; etag: string | null; lastModified: string | null };

const pkg = (() => {
  try {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');
    return JSON.parse(readFileSync(file, 'utf8')) as { version?: string; homepage?: string; repository?: string | { url?: string } };
  } catch {
    return {};
  }
})();

/**
 * `veille/<version> (+contact)`: tells a site who is reading it and how to reach the operator.
 * The contact is INGEST_CONTACT, else the package's homepage or repository.
 */
export function userAgent(contact?: string): string {
  const fallback = pkg.homepage ?? (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url);
  const who = contact ?? fallback;
  return `veille/${pkg.version ?? '0.0.0'} (${who ? `+${who}` : 'news-reading bot'})`;
}

export const PAGE_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown'];
export const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/rdf+xml', 'application/feed+json', 'application/json', 'text/plain', 'text/html'];

export async function fetchText(url: string, req: FetchRequest, limits: FetchLimits): Promise<FetchResult> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const headers: Record<string, string> = { 'user-agent': limits.userAgent, accept: req.acceptHeader };
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  let current = url;
  const dispatcher = guardedAgent(limits.network);
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await fetch(current, { headers, signal, redirect: 'manual', dispatcher });
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location) throw new IngestError(`HTTP ${res.status} redirect without a Location`);
        if (redirects >= limits.maxRedirects) throw new IngestError(`too many redirects (more than ${limits.maxRedirects})`);
        const next = new URL(location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new IngestError(`redirect to a non-http URL (${next.protocol})`);
        current = next.toString();
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { status: 'not-modified', url: current };
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new IngestError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
      }
      const contentType = res.headers.get('content-type') ?? '';
      const mediaType = contentType.split(';')[0].trim().toLowerCase();
      if (!req.accept.some((t) => mediaType === t || (t.endsWith('/') && mediaType.startsWith(t)))) {
        await res.body?.cancel();
        throw new IngestError(`unexpected content type ${mediaType || '(none)'} (expected ${req.accept.slice(0, 3).join(', ')})`);
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        await res.body?.cancel();
        throw new IngestError(`too large: ${formatBytes(declared)} (limit ${formatBytes(limits.maxBytes)})`);
      }
      const bytes = await readCapped(res, limits.maxBytes);
      return {
        status: 'ok',
        url: current,
        contentType: mediaType,
        text: decode(bytes, contentType),
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
      };
    }
  } catch (e) {
    if (e instanceof IngestError) throw e;
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.cause instanceof RefusedAddressError) throw new IngestError(err.cause.message);
    if (err.name === 'TimeoutError' || signal.aborted) throw new IngestError(`timed out after ${formatMs(limits.timeoutMs)}`);
    const cause = err.cause?.code ?? err.cause?.message;
    throw new IngestError(`cannot fetch: ${cause ?? err.message}`);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new IngestError(`too large: more than ${formatBytes(maxBytes)} (limit)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Charset from the header, else from a `<meta charset>` or `<?xml encoding?>` near the top, else UTF-8. */
function decode(bytes: Uint8Array, contentType: string): string {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const charset =
    /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ??
    /<\?xml[^>]+encoding=["']([\w-]+)/i.exec(head)?.[1] ??
    'utf-8';
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
