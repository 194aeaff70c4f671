// Identity of an article: its canonical URL and a hash of its normalised body.
import { createHash } from 'node:crypto';

const TRACKING = /^(utm_.*|fbclid|gclid|mc_cid|mc_eid|xtor|at_medium|at_campaign)$/i;

/** The URL without fragment and tracking parameters (utm_*, fbclid, …); null when it is not http(s). */
export function canonicalUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.hostname = url.hostname.toLowerCase();
  return url.toString();
}

/** Case, accents, punctuation and white space do not change the hash; words do. */
export function normaliseBody(body: string): string {
  return body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function contentHash(body: string): string {
  return createHash('sha256').update(normaliseBody(body)).digest('hex').slice(0, 32);
}
