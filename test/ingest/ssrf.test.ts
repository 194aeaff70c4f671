// Ingestion must not be a way into the machine's own network: a feed's publisher chooses the links
// the bot fetches. Two loopback sites: the "internal" one (127.0.0.1) stands for an admin page; the
// "public" one (127.0.0.2) is let through by INGEST_ALLOW_HOSTS, as an operator would for an intranet feed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNewsSite, type NewsSite } from './server.js';
import { sandbox, type Sandbox } from './helpers.js';
import { AddressGuard, restrictedKind } from '../../src/ingest/network.js';
import { loadConfig } from '../../src/config.js';
import { ingestSettings } from '../../src/ingest/settings.js';

let internal: NewsSite;
let outside: NewsSite;
let box: Sandbox;
beforeAll(async () => {
  internal = await startNewsSite('127.0.0.1');
  outside = await startNewsSite('127.0.0.2');
});
afterAll(async () => {
  await internal.close();
  await outside.close();
});
beforeEach(async () => {
  box = await sandbox();
  internal.hits.clear();
});
afterEach(() => box.cleanup());

const ADMIN = '/en/news/tidal.html';
const failures = (s: Sandbox) => s.events.flatMap((e) => (e.type === 'item' && e.outcome.status === 'failed' ? [e.outcome.message] : []));
/** Only the "outside" site is allowed, by CIDR. */
const onlyOutside = { network: { allowPrivate: false, allowHosts: ['127.0.0.2/32'] } };

describe('ingestion refuses private addresses by default', () => {
  it('refuses a loopback page, names the rule, and never connects to it', async () => {
    const summary = await (await box.ingester({ network: { allowPrivate: false, allowHosts: [] } })).run([`${internal.base}${ADMIN}`]);
    expect(summary).toMatchObject({ added: 0, failed: 1 });
    expect(failures(box)).toEqual(['refused: 127.0.0.1 is a loopback address (INGEST_ALLOW_PRIVATE)']);
    expect(internal.hits.size).toBe(0);
    expect(await box.snapshot()).toEqual({});
  });

  it('refuses a feed item that links to an internal page', async () => {
    const feed = `${outside.base}/feeds/pointing.xml?to=${encodeURIComponent(`${internal.base}${ADMIN}`)}`;
    const summary = await (await box.ingester(onlyOutside)).run([], [feed]);
    expect(summary).toMatchObject({ added: 0, failed: 1 });
    expect(failures(box)).toEqual(['refused: 127.0.0.1 is a loopback address (INGEST_ALLOW_PRIVATE)']);
    expect(internal.hits.size).toBe(0);
    expect(await box.snapshot()).toEqual({});
  });

  it('checks every hop: a redirect to another loopback port, or to localhost by name, is refused', async () => {
    const port = new URL(internal.base).port;
    for (const target of [`${internal.base}${ADMIN}`, `http://localhost:${port}${ADMIN}`]) {
      box.events.length = 0;
      const summary = await (await box.ingester(onlyOutside)).run([`${outside.base}/go/elsewhere?to=${encodeURIComponent(target)}`]);
      expect(summary).toMatchObject({ added: 0, failed: 1 });
      expect(failures(box)[0]).toMatch(/^refused: (127\.0\.0\.1|::1) is a loopback address \(INGEST_ALLOW_PRIVATE\)$/);
    }
    expect(internal.hits.size).toBe(0);
    expect(await box.snapshot()).toEqual({});
  });

  it('INGEST_ALLOW_PRIVATE=true, or the host in INGEST_ALLOW_HOSTS, lets an intranet page in', async () => {
    const env = (extra: Record<string, string>) => ingestSettings(loadConfig({ DATA_DIR: box.data, ...extra }), box.corpus).limits.network;
    expect(env({})).toEqual({ allowPrivate: false, allowHosts: [] });
    expect(env({ INGEST_ALLOW_PRIVATE: 'true' }).allowPrivate).toBe(true);
    expect(env({ INGEST_ALLOW_HOSTS: 'intranet.example, 10.0.0.0/8' }).allowHosts).toEqual(['intranet.example', '10.0.0.0/8']);
    expect(() => loadConfig({ INGEST_ALLOW_PRIVATE: 'maybe' })).toThrow(/INGEST_ALLOW_PRIVATE must be true or false/);

    const summary = await (await box.ingester({ network: { allowPrivate: false, allowHosts: ['127.0.0.1'] } })).run([`${internal.base}${ADMIN}`]);
    expect(summary).toMatchObject({ added: 1, failed: 0 });
  });
});

describe('address ranges', () => {
  it('names loopback, private, link-local (cloud metadata), unspecified and multicast addresses; public ones pass', () => {
    expect(restrictedKind('127.0.0.1')).toBe('a loopback address');
    expect(restrictedKind('::1')).toBe('a loopback address');
    expect(restrictedKind('::ffff:127.0.0.1')).toBe('a loopback address');
    expect(restrictedKind('10.1.2.3')).toBe('a private address');
    expect(restrictedKind('172.16.0.1')).toBe('a private address');
    expect(restrictedKind('172.32.0.1')).toBeNull();
    expect(restrictedKind('192.168.1.1')).toBe('a private address');
    expect(restrictedKind('fd12::1')).toBe('a private address');
    expect(restrictedKind('169.254.169.254')).toBe('a link-local address');
    expect(restrictedKind('fe80::1')).toBe('a link-local address');
    expect(restrictedKind('0.0.0.0')).toBe('an unspecified address');
    expect(restrictedKind('::')).toBe('an unspecified address');
    expect(restrictedKind('224.0.0.1')).toBe('a multicast address');
    expect(restrictedKind('ff02::1')).toBe('a multicast address');
    expect(restrictedKind('93.184.216.34')).toBeNull();
    expect(restrictedKind('2606:2800:220:1::')).toBeNull();
  });

  it('an allow-list entry with a leading dot covers the subdomains', () => {
    const guard = new AddressGuard({ allowPrivate: false, allowHosts: ['.corp.example'] });
    expect(guard.refusal('news.corp.example', '10.0.0.5')).toBeNull();
    expect(guard.refusal('corp.example', '10.0.0.5')).toBeNull();
    expect(guard.refusal('evilcorp.example', '10.0.0.5')).toBe('refused: 10.0.0.5 is a private address (INGEST_ALLOW_PRIVATE)');
  });
});
