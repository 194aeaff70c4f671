// The Discord adapter: a discord.js client answering slash commands and buttons through the
// router, and messages addressed to it (mentions, DMs, follow-ups in its threads) through the
// mention handler. Intents: Guilds, GuildMessages, DirectMessages; MessageContent (privileged)
// only with DISCORD_THREAD_FOLLOW_UPS=all, since mentions and DMs carry their content without it. discord.js reconnects to the gateway by itself and retries REST
// rate limits (429) on its own; whatever still fails is logged, never thrown out of a listener.
import { Client, Events, GatewayIntentBits, Partials, RESTEvents, type ClientOptions } from 'discord.js';
import { conversationParts, type AdapterContext, type PlatformAdapter } from '../common/adapter.js';
import { MentionHandler } from './mentions.js';
import { createDiscordDigestDelivery } from './delivery.js';
import { inviteUrl } from './invite.js';
import { NO_MENTIONS } from './render.js';
import { DEFAULT_DEFER_AFTER_MS } from './reply.js';
import { InteractionRouter } from './router.js';
import { observeCommand, observedEngine } from '../common/observe.js';

export interface DiscordAdapterOptions {
  /** Defer when the answer is not ready after this long (ms); default 2000. */
  deferAfterMs?: number;
  /** First wait before an edit or follow-up is sent again (doubles while the token lives); default 1 s. */
  retryBaseMs?: number;
  /**
   * Told when Discord is gone for good (the gateway closed with a code that forbids reconnecting,
   * e.g. 4004: DISCORD_TOKEN refused): the process decides whether to exit or to serve the others.
   */
  onFatal?: (error: Error) => void;
}

/** Gateway close codes after which discord.js does not reconnect, and what they mean for the operator. */
const FATAL_CLOSE: Record<number, string> = {
  4004: 'authentication failed: DISCORD_TOKEN was refused (revoked or reset?)',
  4010: 'invalid shard',
  4011: 'sharding required: the bot is in too many servers for one connection',
  4012: 'invalid API version',
  4013: 'invalid intents',
  4014: 'disallowed intents: enable them in the Discord developer portal',
};

export interface DiscordAdapter extends PlatformAdapter {
  /** The discord.js client while started, else null. */
  readonly client: Client | null;
}

export function createDiscordAdapter(ctx: AdapterContext, options: DiscordAdapterOptions = {}): DiscordAdapter {
  const { config } = ctx;
  const logger = ctx.logger.child({ platform: 'discord' });
  const commandContext = {
    engine: observedEngine(ctx.engine),
    logger,
    rateLimiter: ctx.rateLimiter,
    ...conversationParts(ctx),
    deferAfterMs: options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
    retryBaseMs: options.retryBaseMs,
    digest: ctx.digest,
  };
  const router = new InteractionRouter(commandContext);
  const followAllInThreads = config.DISCORD_THREAD_FOLLOW_UPS === 'all';
  const mentions = new MentionHandler(commandContext, { followAllInThreads });
  const digestDelivery = createDiscordDigestDelivery(
    config,
    (channel) => commandContext.store.channelLanguage('discord', channel),
    () => client,
  );
  let client: Client | null = null;
  let loggedIn = false;

  return {
    name: 'discord',
    digestDelivery,
    get client() {
      return client;
    },

    async start() {
      const token = config.DISCORD_TOKEN;
      const applicationId = config.DISCORD_APPLICATION_ID;
      if (!token || !applicationId) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set');
      if (client) return;
      const clientOptions: ClientOptions = {
        intents: [
          GatewayIntentBits.Guilds,
          GatewayIntentBits.GuildMessages,
          GatewayIntentBits.DirectMessages,
          ...(followAllInThreads ? [GatewayIntentBits.MessageContent] : []),
        ],
        // DM channels are not cached until a message arrives in one: without this, no DM event.
        partials: [Partials.Channel],
        // Default for every message the client sends; each message also sets it explicitly.
        allowedMentions: NO_MENTIONS,
        rest: config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {},
        // discord.js's own sharding: `auto` asks Discord how many shards; a number runs them all
        // here, or those of DISCORD_SHARD_IDS when several processes share them (docs/scaling.md).
        ...(config.DISCORD_SHARDS === 'auto'
          ? { shards: 'auto' as const }
          : config.DISCORD_SHARDS
            ? { shardCount: config.DISCORD_SHARDS, shards: config.DISCORD_SHARD_IDS ?? [...Array(config.DISCORD_SHARDS).keys()] }
            : {}),
      };
      const c = new Client(clientOptions);
      client = c;

      c.on(Events.InteractionCreate, (interaction) => {
        void router.handle(interaction).catch((err: unknown) => logger.error({ err }, 'discord: router failed'));
      });
      c.on(Events.MessageCreate, (message) => {
        const botId = c.user?.id;
        if (!botId) return;
        const command = message.channel.isDMBased() ? 'dm' : 'mention';
        void observeCommand({ platform: 'discord', command, logger, context: { message: message.id, user: message.author.id } }, () => mentions.handle(message, botId));
      });
      c.once(Events.ClientReady, (ready) => {
        logger.info(
          { user: ready.user.tag, guilds: ready.guilds.cache.size, shards: ready.options.shards, shardCount: ready.options.shardCount },
          'discord: ready',
        );
      });
      c.on(Events.ShardReady, (shard) => logger.info({ shard }, 'discord: shard ready'));
      c.on(Events.Error, (err) => logger.error({ err }, 'discord: client error'));
      c.on(Events.Warn, (message) => logger.warn({ message }, 'discord: warning'));
      c.on(Events.ShardError, (err, shard) => logger.warn({ err, shard }, 'discord: gateway connection error'));
      c.on(Events.ShardDisconnect, (event, shard) => {
        const why = FATAL_CLOSE[event.code] ?? `close code ${event.code}`;
        const message = `Discord closed the gateway for good (${event.code}: ${why}); Discord is not served until veille is restarted`;
        logger.error({ code: event.code, shard }, `discord: ${message}`);
        if (client === c) ctx.health?.down('discord', `gateway closed for good (${event.code}: ${why})`);
        // Only once the login is over: a refusal during login is thrown by start() instead.
        if (client === c && loggedIn) options.onFatal?.(new Error(message));
      });
      c.on(Events.ShardReconnecting, (shard) => {
        if (client !== c) return;
        logger.info({ shard }, 'discord: reconnecting to the gateway');
        ctx.health?.down('discord', 'reconnecting to the gateway');
      });
      c.on(Events.ShardResume, (shard, replayed) => {
        logger.info({ shard, replayed }, 'discord: gateway resumed');
        ctx.health?.up('discord');
      });
      c.on(Events.ShardReady, () => {
        if (client === c) ctx.health?.up('discord');
      });
      // Only the route (bucket), never the URL: interaction URLs carry the interaction's token.
      c.rest.on(RESTEvents.RateLimited, (info) =>
        logger.warn(
          { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global },
          'discord: REST rate limited, waiting',
        ),
      );
      c.rest.on(RESTEvents.Response, (request, response) => {
        if (response.status === 429)
          logger.warn(
            { route: request.route, method: request.method, retryAfter: response.headers.get('retry-after') },
            'discord: REST rate limited (429), retrying',
          );
        else if (response.status >= 500)
          logger.warn(
            { route: request.route, method: request.method, status: response.status, attempt: request.retries + 1 },
            'discord: REST server error',
          );
      });

      try {
        await c.login(token);
        loggedIn = true;
      } catch (err) {
        client = null;
        await c.destroy().catch(() => undefined);
        const code = (err as { code?: unknown }).code;
        if ((err as Error).message === 'Authentication failed' || code === 'TokenInvalid' || code === 4004)
          throw new Error(`Discord refused DISCORD_TOKEN (${(err as Error).message}): check the bot token in the developer portal`, { cause: err });
        throw err;
      }
      logger.info({ invite: inviteUrl(applicationId) }, 'discord: connected; invite the bot with this URL');
    },

    async stop() {
      const c = client;
      client = null;
      loggedIn = false;
      if (c) await c.destroy();
      logger.info('discord: stopped');
    },
  };
}
