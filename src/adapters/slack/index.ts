// The Slack adapter: a Bolt app in Socket Mode (SLACK_APP_TOKEN set: no public URL needed) or in
// HTTP mode (SLACK_SIGNING_SECRET, on PORT, path /slack/events). No Slack type leaves src/adapters/slack.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import { conversationParts, type AdapterContext, type PlatformAdapter } from '../common/adapter.js';
import { voteDownAction, voteUpAction } from './actions/vote.js';
import { SlackLocales } from './locale.js';
import { moreAction } from './actions/more.js';
import { shareAction } from './actions/share.js';
import { askCommand } from './commands/ask.js';
import { digestCommand } from './commands/digest.js';
import { sourcesCommand } from './commands/sources.js';
import { Deliveries } from './dedupe.js';
import { guardedListener } from './guard.js';
import { createSlackDigestDelivery } from './delivery.js';
import type { DigestDelivery } from '../../digest/runner.js';
import type { ActionModule, CommandModule } from './handler.js';
import { boltLogger } from './logger.js';
import { route, type Router } from './router.js';
import { slackCommandNames } from './manifest.js';
import { observedEngine } from '../common/observe.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** The commands and buttons the app answers; slack/manifest.yml declares the same commands. */
export const COMMANDS: CommandModule[] = [askCommand, sourcesCommand, digestCommand];
export const ACTIONS: ActionModule[] = [shareAction, moreAction, voteUpAction, voteDownAction];

export interface SlackAdapterOptions {
  /** How long stop() waits for answers in progress before closing anyway (default 10 s). */
  drainTimeoutMs?: number;
}

export class SlackAdapter implements PlatformAdapter {
  readonly name = 'slack';
  readonly mode: 'socket' | 'http';
  private readonly app: App;
  private readonly httpReceiver?: HTTPReceiver;
  private readonly socketReceiver?: SocketModeReceiver;
  private readonly router: Router;
  private server?: Server;
  private started = false;
  /** Posts digests with chat.postMessage. */
  readonly digestDelivery: DigestDelivery;

  constructor(
    private readonly ctx: AdapterContext,
    private readonly options: SlackAdapterOptions = {},
  ) {
    const { config } = ctx;
    const token = config.SLACK_BOT_TOKEN;
    if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
    const secrets = [token, config.SLACK_APP_TOKEN, config.SLACK_SIGNING_SECRET];
    const logger = boltLogger(ctx.logger, secrets);
    const slackApiUrl = config.SLACK_API_URL ? config.SLACK_API_URL.replace(/\/?$/, '/') : undefined;
    const clientOptions: webApi.WebClientOptions = {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      // A 429 is reported to the user at once ("try again in N s") instead of queueing silently.
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 },
      timeout: 15_000,
    };

    if (config.SLACK_APP_TOKEN) {
      this.mode = 'socket';
      this.socketReceiver = new SocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN,
        logger,
        // Its own copy: the Socket Mode client adds a patient retry policy for reconnecting.
        installerOptions: { clientOptions: slackApiUrl ? { slackApiUrl } : {} },
      });
    } else {
      if (!config.SLACK_SIGNING_SECRET) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN)');
      this.mode = 'http';
      this.httpReceiver = new HTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET,
        endpoints: SLACK_EVENTS_PATH,
        port: config.PORT,
        logger,
        // Acknowledge first, answer after: the reply to Slack's request leaves as soon as ack() runs.
        processBeforeResponse: false,
      });
    }
    this.app = new App({
      token,
      receiver: this.socketReceiver ?? this.httpReceiver,
      logger,
      clientOptions,
      convoStore: false,
      // auth.test runs in start(), so a bad token fails there with a clear message.
      deferInitialization: true,
    });
    const parts = conversationParts(ctx);
    this.router = route(this.app, COMMANDS, ACTIONS, {
      engine: observedEngine(ctx.engine),
      logger: ctx.logger.child({ component: 'slack' }),
      rateLimiter: ctx.rateLimiter,
      deliveries: new Deliveries(undefined, undefined, undefined, ctx.state ? (key, ttlMs) => ctx.state!.firstDelivery(key, ttlMs) : undefined),
      responseUrlHosts: config.SLACK_RESPONSE_URL_HOSTS,
      digest: ctx.digest,
      digestAdmins: config.SLACK_DIGEST_ADMINS,
      ...parts,
      locales: new SlackLocales(),
      commandNames: slackCommandNames(config),
    });
    this.digestDelivery = createSlackDigestDelivery(config, ctx.logger.child({ component: 'slack-digest' }), (channel) =>
      parts.store.channelLanguage('slack', channel),
    );
  }

  /** The port the HTTP receiver listens on once started (PORT=0 picks a free one). */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  }

  /** The Web API client, authorised as the bot (for posting outside of a command, e.g. digests). */
  get client(): webApi.WebClient {
    return this.app.client;
  }

  async start(): Promise<void> {
    try {
      await this.app.init();
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      throw new Error(
        code ? `Slack refused SLACK_BOT_TOKEN (${code})` : `Slack could not be reached to check SLACK_BOT_TOKEN: ${(err as Error).message}`,
        { cause: err },
      );
    }
    if (this.httpReceiver) {
      // Bolt's listener behind our checks (timestamp skew both ways, a JSON body that is not an object).
      const receiver = this.httpReceiver;
      const server = createServer(guardedListener(SLACK_EVENTS_PATH, (req, res) => receiver.requestListener(req, res), this.ctx.logger.child({ component: 'slack' })));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.ctx.config.PORT, () => {
          server.off('error', reject);
          resolve();
        });
      });
      this.server = server;
      this.ctx.logger.info({ port: this.port, path: SLACK_EVENTS_PATH }, 'slack: listening (HTTP mode)');
    } else if (this.socketReceiver) {
      // The Socket Mode client reconnects by itself; /healthz says when it is not connected.
      const socket = this.socketReceiver.client;
      socket.on('connected', () => this.ctx.health?.up('slack'));
      socket.on('reconnecting', () => this.ctx.health?.down('slack', 'Socket Mode reconnecting'));
      socket.on('disconnected', () => {
        if (this.started) this.ctx.health?.down('slack', 'Socket Mode disconnected');
      });
      try {
        await this.socketReceiver.start();
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        await this.socketReceiver.client.disconnect().catch(() => undefined);
        throw new Error(
          code ? `Slack refused SLACK_APP_TOKEN (${code})` : `Socket Mode could not connect: ${(err as Error).message}`,
          { cause: err },
        );
      }
      this.ctx.logger.info('slack: connected (Socket Mode)');
    }
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.httpReceiver) {
      const server = this.server;
      if (server) {
        const closing = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closing;
      }
      this.server = undefined;
    } else if (this.socketReceiver) {
      await this.socketReceiver.client.disconnect();
    }
    // Let answers already acknowledged reach their user.
    const timeout = this.options.drainTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.router.drain(), new Promise((resolve) => (timer = setTimeout(resolve, timeout)))]);
    clearTimeout(timer);
    this.ctx.logger.info('slack: stopped');
  }
}

export function createSlackAdapter(ctx: AdapterContext, options?: SlackAdapterOptions): SlackAdapter {
  return new SlackAdapter(ctx, options);
}
