// Posting a digest in a Slack channel: chat.postMessage, one message per page of blocks. Slack
// has no mention to turn off: every article text is escaped (&, <, >), so none can become
// <!channel> or <@U…>. The Web API client's own retries are off: the digest runner retries with
// backoff and records each message's ts as it is posted, so a retry never posts a page twice.
// Each page carries message metadata naming its run and page: after a crash between "Slack
// accepted it" and "we recorded it", findPosted reads the channel (conversations.history) and the
// page is not posted again.
import { webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Digest } from '../../core/types.js';
import type { Logger } from '../../log.js';
import type { DigestDelivery, PostOptions } from '../../digest/runner.js';
import { digestMessages } from './blocks.js';
import { boltLogger } from './logger.js';
import { messages, type Lang } from '../common/messages.js';

/** The metadata event type of a digest page. */
export const DIGEST_PAGE_EVENT = 'veille_digest_page';
/** How far back findPosted reads a channel (messages; a digest is a few pages). */
const HISTORY_LIMIT = 200;

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
          ...(options.key ? { metadata: { event_type: DIGEST_PAGE_EVENT, event_payload: { run: options.key, page: i, day: digest.day } } } : {}),
        });
        const id = res.ts ?? '';
        await options.sent?.(id);
        ids.push(id);
      }
      return ids;
    },
    async findPosted(channel: string, digest: Digest, options: { key: string; since: Date }): Promise<Map<number, string>> {
      const found = new Map<number, string>();
      let cursor: string | undefined;
      let read = 0;
      do {
        const res = await web()
          .conversations.history({
          channel,
          oldest: (options.since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 100,
          ...(cursor ? { cursor } : {}),
          })
          .catch((err: unknown) => {
            // Without channels:history (or outside the channel) the bot cannot look: it posts what it
            // has not recorded, as before, and says so.
            const code = (err as { data?: { error?: string } }).data?.error;
            if (code === 'missing_scope' || code === 'not_in_channel' || code === 'channel_not_found') {
              logger.warn({ channel, error: code }, 'slack digest: cannot read the channel to find pages already posted; add channels:history and groups:history');
              return null;
            }
            throw err;
          });
        if (!res) return found;
        for (const m of res.messages ?? []) {
          const meta = m.metadata as { event_type?: string; event_payload?: { run?: unknown; page?: unknown; day?: unknown } } | undefined;
          const payload = meta?.event_payload;
          if (meta?.event_type === DIGEST_PAGE_EVENT && payload?.run === options.key && payload.day === digest.day && typeof payload.page === 'number' && m.ts)
            found.set(payload.page, m.ts);
        }
        read += res.messages?.length ?? 0;
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor && read < HISTORY_LIMIT);
      return found;
    },
  };
}
