// A bot process for crash-platforms.test.ts: the real store and runner over a SQLite file, and a delivery:
// PLATFORM=test appends each post to a file; PLATFORM=slack or discord is the real delivery talking
// to the fake platform at SLACK_API_URL / DISCORD_API_URL (started by the test).
// CRASH=<point> kills the process with SIGKILL (kill -9) at that point of the protocol:
//   claimed      the run is claimed, nothing posted
//   accepted:N   the platform accepted page N, not yet recorded
//   recorded:N   page N is recorded, the next not yet posted
//   posted       every page posted and recorded, the run not yet marked delivered
// Without CRASH it waits until the run is delivered and prints it.
import { appendFileSync } from 'node:fs';
import type { Digest } from '../../src/core/types.js';
import { DigestRunner, type DigestDelivery, type PostOptions } from '../../src/digest/runner.js';
import { SqliteDigestStore } from '../../src/digest/store.js';
import { sqliteStateStore } from '../../src/state/sqlite.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { crashDigest } from './helpers.js';

const [dbFile, postsFile] = process.argv.slice(2);
const crash = process.env.CRASH ?? '';
const platform = process.env.PLATFORM || 'test';
const channel = process.env.CHANNEL || 'C1';
const articles = Number(process.env.ARTICLES || 1);
const store = sqliteStateStore(new SqliteDigestStore(dbFile));
if (!(await store.subscription(platform, channel)))
  await store.subscribe({ platform, channel, time: '00:00', timezone: 'UTC', createdBy: 'U1', createdAt: '2020-01-01T00:00:00Z' });

const die = (point: string) => {
  if (crash === point) process.kill(process.pid, 'SIGKILL');
};

const engine = { digest: (since: Date, until: Date): Digest => crashDigest(since, until, articles) };

// As the platforms' deliveries do: the digest is one message here; post those from `from` on.
const fileDelivery: DigestDelivery = {
  platform: 'test',
  async post(ch: string, digest: Digest, options: PostOptions = {}) {
    const ids: string[] = [];
    for (let page = options.from ?? 0; page < 1; page++) {
      appendFileSync(postsFile, `${process.pid} ${ch} ${digest.day} page ${page}\n`);
      await options.sent?.(`m-${process.pid}-${page}`);
      ids.push(`m-${process.pid}-${page}`);
    }
    return ids;
  },
};

async function realDelivery(): Promise<DigestDelivery> {
  const config = loadConfig({ ...process.env, DATA_DIR: postsFile });
  if (platform === 'slack') return (await import('../../src/adapters/slack/delivery.js')).createSlackDigestDelivery(config, silentLogger);
  return (await import('../../src/adapters/discord/delivery.js')).createDiscordDigestDelivery(config);
}

const inner = platform === 'test' ? fileDelivery : await realDelivery();
// The real delivery, with the crash points around it.
const delivery: DigestDelivery = {
  platform,
  findPosted: inner.findPosted?.bind(inner),
  async post(ch, digest, options = {}) {
    die('claimed');
    let page = options.from ?? 0;
    const ids = await inner.post(ch, digest, {
      ...options,
      sent: async (id) => {
        die(`accepted:${page}`);
        await options.sent?.(id);
        die(`recorded:${page}`);
        page++;
      },
    });
    die('posted');
    return ids;
  },
};

const runner = new DigestRunner({ store, engine, deliveries: [delivery], leaseMs: Number(process.env.LEASE_MS || 400), retryDelaysMs: [10, 10] });
await runner.start();
// Wait until the day's run is settled (a claim left by a dead process is taken over at once).
const deadline = Date.now() + 5000;
const day = new Date().toISOString().slice(0, 10);
while (Date.now() < deadline && (await store.run(platform, channel, day))?.status !== 'delivered') await new Promise((r) => setTimeout(r, 50));
await runner.stop();
console.log(JSON.stringify(await store.run(platform, channel, day)));
await store.close();
