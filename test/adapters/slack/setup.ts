// Starting the real Slack adapter (real Bolt, real receiver) against the fake Slack.
import type { Logger } from 'pino';
import { RateLimiter } from '../../../src/adapters/common/ratelimit.js';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/index.js';
import { loadConfig } from '../../../src/config.js';
import type { Answers } from '../../../src/adapters/common/adapter.js';
import type { DigestService } from '../../../src/digest/runner.js';
import type { ConversationStore } from '../../../src/state/conversation-store.js';
import { promised, type StateStore } from '../../../src/state/store.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, type FakeSlack } from './fake-slack.js';

export interface StartOptions {
  engine: Answers;
  logger: Logger;
  mode?: 'http' | 'socket';
  rateLimit?: number;
  /** The daily digests behind /digest. */
  digest?: DigestService;
  /** The state store (replicas share it). */
  state?: StateStore;
  /** More environment (e.g. SLACK_DIGEST_ADMINS). */
  env?: Record<string, string>;
  /** The conversation store (default: in memory). */
  conversations?: ConversationStore;
}

export async function startSlack(slack: FakeSlack, options: StartOptions): Promise<{ adapter: SlackAdapter; eventsUrl: string }> {
  const env: NodeJS.ProcessEnv = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    ...(options.mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    // The fake's response_url receivers are on loopback.
    SLACK_RESPONSE_URL_HOSTS: '127.0.0.1',
    ...options.env,
  };
  // PORT=0 (a free port) is for tests only: the schema wants a positive port.
  const config = { ...loadConfig(env), PORT: 0 };
  const adapter = createSlackAdapter(
    {
      config,
      engine: options.engine,
      logger: options.logger,
      rateLimiter: new RateLimiter({ limit: options.rateLimit ?? 1000, windowMs: 60_000 }),
      digest: options.digest,
      conversations: options.conversations && promised(options.conversations),
      state: options.state,
    },
    { drainTimeoutMs: 10_000 },
  );
  await adapter.start();
  return { adapter, eventsUrl: `http://127.0.0.1:${adapter.port}/slack/events` };
}
