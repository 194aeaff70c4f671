// Posting a digest in a Discord channel: REST `POST /channels/{id}/messages`, one message per page
// of the rendered digest, never a ping. discord.js's own retries are off here: the digest runner
// retries (with backoff) and records each message as it is sent, so a retry never posts a page
// twice; each page also carries a nonce Discord deduplicates (enforce_nonce) for a few minutes.
// With the shards split over several processes (DISCORD_SHARD_IDS), a channel's digest is posted
// by the process running the shard that holds its guild.
// Past that window (a crash between "Discord accepted it" and "we recorded it"), findPosted reads
// the channel's recent messages by the bot: a page is known by its header line, which names the
// digest's day and the page (one run per channel and day), so it is not posted again.
import { REST, Routes, ShardClientUtil, type Client } from 'discord.js';
import type { Config } from '../../config.js';
import type { Digest } from '../../core/types.js';
import type { DigestDelivery, PostOptions } from '../../digest/runner.js';
import { renderDigest } from './render.js';
import { messages, type Lang } from '../common/messages.js';

/** The shards of `client` and how many there are in all; null before it has logged in. */
function shardsOf(client: Client | null): { local: number[]; count: number } | null {
  const { shards, shardCount } = client?.options ?? {};
  return Array.isArray(shards) && typeof shardCount === 'number' ? { local: shards, count: shardCount } : null;
}

/**
 * `languageOf`: the language of a channel's digest (its subscriber's), English when unknown.
 * `client` gives the logged-in client (for its shards and cached channels), when there is one.
 */
export function createDiscordDigestDelivery(
  config: Config,
  languageOf: (channel: string) => Promise<Lang | null> | Lang | null = () => null,
  client: () => Client | null = () => null,
): DigestDelivery {
  let rest: REST | null = null;
  const rest_ = () => {
    const token = config.DISCORD_TOKEN;
    if (!token) throw new Error('DISCORD_TOKEN is not set');
    rest ??= new REST({ retries: 0, ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) }).setToken(token);
    return rest;
  };
  let botId: string | null = null;
  return {
    platform: 'discord',
    async post(channel: string, digest: Digest, options: PostOptions = {}): Promise<string[]> {
      const pages = renderDigest(digest, messages((await languageOf(channel)) ?? 'en'));
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
        const posted = (await rest_().post(Routes.channelMessages(channel), { body })) as { id: string };
        await options.sent?.(posted.id);
        ids.push(posted.id);
      }
      return ids;
    },

    async handles(channel: string): Promise<boolean> {
      // Every shard runs here (the default): nothing to decide.
      if (!config.DISCORD_SHARD_IDS) return true;
      const shards = shardsOf(client());
      if (!shards) return false;
      const cached = client()?.channels.cache.get(channel);
      let guildId = cached && !cached.isDMBased() ? cached.guildId : undefined;
      if (!guildId) {
        // Not in this process's cache (its guild is on another shard, or not received yet): ask Discord.
        const fetched = (await rest_().get(Routes.channel(channel)).catch(() => null)) as { guild_id?: string } | null;
        guildId = fetched?.guild_id;
      }
      // Direct messages, and channels Discord no longer knows, belong to shard 0 (as DMs do on the gateway).
      const shard = guildId ? ShardClientUtil.shardIdForGuildId(guildId, shards.count) : 0;
      return shards.local.includes(shard);
    },

    async findPosted(channel: string, digest: Digest, options: { key: string; since: Date }): Promise<Map<number, string>> {
      botId ??= ((await rest_().get(Routes.user('@me'))) as { id: string }).id;
      // Rendered as post() renders them: in the channel's language.
      const pages = renderDigest(digest, messages((await languageOf(channel)) ?? 'en'));
      // Messages after a snowflake dated `since` (Discord's epoch is 2015-01-01).
      const after = ((BigInt(Math.max(0, options.since.getTime() - 1_420_070_400_000)) << 22n)).toString();
      const query = new URLSearchParams({ after, limit: '100' });
      const recent = (await rest_().get(Routes.channelMessages(channel), { query })) as {
        id: string;
        content: string;
        author: { id: string };
        webhook_id?: string;
      }[];
      const found = new Map<number, string>();
      for (const m of recent) {
        // The bot's own channel posts only: an interaction reply (a /digest preview) has a webhook id.
        if (m.author?.id !== botId || m.webhook_id) continue;
        const page = pages.findIndex((p) => p.content === m.content);
        if (page >= 0 && !found.has(page)) found.set(page, m.id);
      }
      return found;
    },
  };
}
