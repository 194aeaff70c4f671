// Posting a digest in a Discord channel: REST `POST /channels/{id}/messages`, one message per page
// of the rendered digest, never a ping. discord.js's own retries are off here: the digest runner
// retries (with backoff) and records each message as it is sent, so a retry never posts a page
// twice; each page also carries a nonce Discord deduplicates (enforce_nonce) for a few minutes.
import { REST, Routes } from 'discord.js';
import type { Config } from '../../config.js';
import type { Digest } from '../../core/types.js';
import type { DigestDelivery, PostOptions } from '../../digest/runner.js';
import { renderDigest } from './render.js';
import { messages, type Lang } from '../common/messages.js';

/** `languageOf`: the language of a channel's digest (its subscriber's), English when unknown. */
export function createDiscordDigestDelivery(config: Config, languageOf: (channel: string) => Lang | null = () => null): DigestDelivery {
  let rest: REST | null = null;
  const client = () => {
    const token = config.DISCORD_TOKEN;
    if (!token) throw new Error('DISCORD_TOKEN is not set');
    rest ??= new REST({ retries: 0, ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) }).setToken(token);
    return rest;
  };
  return {
    platform: 'discord',
    async post(channel: string, digest: Digest, options: PostOptions = {}): Promise<string[]> {
      const pages = renderDigest(digest, messages(languageOf(channel) ?? 'en'));
      const ids: string[] = [];
      for (let i = options.from ?? 0; i < pages.length; i++) {
        const m = pages[i];
        const body = {
          content: m.content,
          embeds: m.embeds,
          allowed_mentions: { parse: [] },
          // Run key and page first: a nonce is cut at 25 characters, and two pages must never share one.
          ...(options.key ? { nonce: `${options.key}.${i}.${digest.day}`.slice(0, 25), enforce_nonce: true } : {}),
        };
        const posted = (await client().post(Routes.channelMessages(channel), { body })) as { id: string };
        await options.sent?.(posted.id);
        ids.push(posted.id);
      }
      return ids;
    },
  };
}
