// Posting a digest in a Slack channel: chat.postMessage, one message per page of blocks. Slack
// has no mention to turn off: every article text is escaped (&, <, >), so none can become
// <!channel> or <@U…>. The Web API client's own retries are off: the digest runner retries with
// backoff and records each message's ts as it is posted, so a retry never posts a page twice.
import { webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Digest } from '../../core/types.js';
import type { Logger } from '../../log.js';
import type { DigestDelivery, PostOptions } from '../../digest/runner.js';
import { digestMessages } from './blocks.js';
import { boltLogger } from './logger.js';
import { messages, type Lang } from '../common/messages.js';

/** `languageOf`: the language of a channel's digest (its subscriber's), English when unknown. */
export function createSlackDigestDelivery(config: Config, logger: Logger, languageOf: (channel: string) => Promise<Lang | null> | Lang | null = () => null): DigestDelivery {
  let client: webApi.WebClient | null = null;
  const web = () => {
    const token = config.SLACK_BOT_TOKEN;
    if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
    client ??= new webApi.WebClient(token, {
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL.replace(/\/?$/, '/') } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 15_000,
      logger: boltLogger(logger, [token, config.SLACK_APP_TOKEN, config.SLACK_SIGNING_SECRET]),
    });
    return client;
  };
  return {
    platform: 'slack',
    async post(channel: string, digest: Digest, options: PostOptions = {}): Promise<string[]> {
      const pages = digestMessages(digest, messages((await languageOf(channel)) ?? 'en'));
      const ids: string[] = [];
      for (let i = options.from ?? 0; i < pages.length; i++) {
        const m = pages[i];
        const res = await web().chat.postMessage({
          channel,
          text: m.text,
          blocks: m.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        const id = res.ts ?? '';
        await options.sent?.(id);
        ids.push(id);
      }
      return ids;
    },
  };
}
