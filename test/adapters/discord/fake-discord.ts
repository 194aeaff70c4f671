// A fake Discord on loopback: the HTTP API routes the adapter uses, and a gateway (WebSocket) that
// says hello, accepts the IDENTIFY, sends READY, then delivers the interactions a test injects.
// It shards as Discord does: /gateway/bot recommends `recommendedShards`, each connection's
// IDENTIFY names its shard, READY and GUILD_CREATE go to the shard holding each guild of `guilds`,
// and an interaction goes to the shard holding its guild.
// It records every request so that tests assert the exact payloads a user would see.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BOT_ID = '900000000000000001';
export const APP_ID = '900000000000000002';
export const GUILD_ID = '900000000000000003';
export const CHANNEL_ID = '900000000000000004';
export const TOKEN = 'fake.bot-token.Zx9Qw7Er5Ty3Ui1Op';
export const DM_CHANNEL_ID = '900000000000000005';
/** A channel where the bot may not start threads (the fake answers 403 there). */
export const NO_THREADS_CHANNEL_ID = '900000000000000006';

export interface RecordedRequest {
  method: string;
  /** Path without the /api/v10 prefix and without the query, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
  /** ms since the fake started. */
  at: number;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Overrides the answer to a request; return undefined to answer as Discord would. */
export type Override = (req: RecordedRequest) => FakeReply | undefined;

let snowflakeCounter = 0;
/** A fresh snowflake dated now (as Discord's are). */
export function snowflake(): string {
  return ((BigInt(Date.now() - 1420070400000) << 22n) | BigInt(snowflakeCounter++ % 4096)).toString();
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly identifies: any[] = [];
  readonly resumes: any[] = [];
  overrides: Override[] = [];
  /** The shard count /gateway/bot recommends (what `shards: 'auto'` uses). */
  recommendedShards = 1;
  /** Guilds the bot is in, each with its text channels: announced to the shard holding it. */
  guilds: { id: string; channels: string[] }[] = [];
  /** Each identified connection's [shard id, shard count]. */
  readonly shardOf = new Map<WebSocket, [number, number]>();
  /** Refuse an interaction callback sent more than 3 s after the interaction (10062), as Discord does. */
  enforceDeadline = false;
  /** Close every IDENTIFY with 4004 (authentication failed), as Discord does for a revoked token. */
  rejectIdentify = false;
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private started = Date.now();
  private waiters: { predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  /** Messages the bot posted in channels by itself (POST /channels/:id/messages), in order. */
  readonly channelMessages: { channel: string; message: any; body: any }[] = [];
  /** Threads the bot started on a message (POST /channels/:id/messages/:id/threads). */
  readonly threads: { id: string; parent: string; message: string; name: string }[] = [];
  /** Messages the fake "posted", by interaction token, so button tests can click what a user saw. */
  readonly messages = new Map<string, any>();

  /** Base to give discord.js as `rest.api` (it appends `/v10`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => this.onGateway(socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Whether a bot is connected and identified on the gateway. */
  get connected(): boolean {
    return this.identifies.length > 0 && this.sockets.size > 0;
  }

  /** Drops every gateway connection the way a network blip or a Discord restart does. */
  dropGateway(code = 4000): void {
    for (const s of this.sockets) s.close(code, 'Unknown error');
  }

  /** Sends a dispatch event to the gateway clients: those of the shard holding its guild, if it has one. */
  dispatch(t: string, d: unknown): void {
    const packet = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    const guild = (d as { guild_id?: string } | null)?.guild_id;
    for (const s of this.sockets) {
      const shard = this.shardOf.get(s);
      if (!guild || !shard || shardIdOf(guild, shard[1]) === shard[0]) s.send(packet);
    }
  }

  /** The shards identified so far, as [id, count], in order. */
  get shards(): [number, number][] {
    return this.identifies.filter((d) => d.token === TOKEN).map((d) => d.shard ?? [0, 1]);
  }

  /** Resolves with the first request (already recorded or future) that matches. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 8000): Promise<RecordedRequest> {
    const found = this.requests.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no matching request within ${timeoutMs} ms; got:\n${this.requests.map((r) => `${r.method} ${r.path}`).join('\n')}`));
      }, timeoutMs);
      const done = (r: RecordedRequest) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  /** The requests made for one interaction (its callback, and the webhook calls with its token). */
  requestsFor(token: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${token}/`) || r.path.endsWith(`/${token}`));
  }

  private onGateway(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.shardOf.delete(socket);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (msg.op === 6) {
        this.resumes.push(msg.d);
        socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} }));
      }
      if (msg.op === 2) {
        this.identifies.push(msg.d);
        if (msg.d.token !== TOKEN || this.rejectIdentify) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        const shard: [number, number] = msg.d.shard ?? [0, 1];
        this.shardOf.set(socket, shard);
        const held = this.guilds.filter((g) => shardIdOf(g.id, shard[1]) === shard[0]);
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.seq,
            d: {
              v: 10,
              user: { id: BOT_ID, username: 'veille', discriminator: '0', global_name: null, avatar: null, bot: true },
              guilds: held.map((g) => ({ id: g.id, unavailable: true })),
              session_id: 'fake-session',
              resume_gateway_url: `ws://127.0.0.1:${this.port}`,
              shard,
              application: { id: APP_ID, flags: 0 },
            },
          }),
        );
        for (const g of held) socket.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: shardGuildCreate(g) }));
      }
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ''),
      query: url.searchParams,
      headers: req.headers,
      body: raw && req.headers['content-type']?.includes('json') ? JSON.parse(raw) : raw || undefined,
      at: Date.now() - this.started,
    };
    this.requests.push(record);
    let reply: FakeReply | undefined;
    for (const o of this.overrides) {
      reply = o(record);
      if (reply) break;
    }
    reply ??= this.route(record);
    // Tell waiters after answering, so a test sees the state the client sees.
    const type = reply.body === undefined ? {} : { 'content-type': 'application/json' };
    res.writeHead(reply.status, { ...type, ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    for (const w of [...this.waiters]) {
      if (w.predicate(record)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(record);
      }
    }
  }

  private route(r: RecordedRequest): FakeReply {
    const { method, path } = r;
    if (method === 'GET' && path === '/gateway/bot') {
      if (r.headers.authorization !== `Bot ${TOKEN}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${this.port}`,
          shards: this.recommendedShards,
          // As large bots have: every shard may identify at once (no 5-second wait between them).
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 },
        },
      };
    }
    let m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (method === 'POST' && m && this.enforceDeadline) {
      const created = Number(BigInt(m[1]) >> 22n) + 1420070400000;
      if (Date.now() - created > 3000) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    }
    if (method === 'POST' && m) {
      const data = r.body?.data;
      if (data && (r.body.type === 4 || r.body.type === 7)) this.messages.set(m[2], this.message(data));
      return { status: 204 };
    }
    m = path.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/);
    if (m && method === 'PATCH') {
      const message = this.message(r.body);
      this.messages.set(m[2], message);
      return { status: 200, body: message };
    }
    if (m && method === 'DELETE') return { status: 204 };
    m = path.match(/^\/channels\/(\d+)$/);
    if (m && method === 'GET') {
      const guild = this.guilds.find((g) => g.channels.includes(m![1]));
      if (!guild) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      return { status: 200, body: { id: m[1], type: 0, guild_id: guild.id, name: `channel-${m[1]}`, position: 0, permission_overwrites: [] } };
    }
    m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/);
    if (m && method === 'POST') {
      if (m[1] === NO_THREADS_CHANNEL_ID) return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
      const thread = threadChannel(m[2], m[1], r.body?.name ?? 'thread');
      this.threads.push({ id: thread.id, parent: m[1], message: m[2], name: thread.name });
      return { status: 201, body: thread };
    }
    if (method === 'GET' && path === '/users/@me')
      return { status: 200, body: { id: BOT_ID, username: 'veille', discriminator: '0', global_name: null, avatar: null, bot: true } };
    m = path.match(/^\/channels\/(\d+)\/messages$/);
    if (m && method === 'GET') {
      // Newest first, after the snowflake `after`, at most `limit`; no nonce (Discord does not keep it).
      const after = BigInt(r.query.get('after') ?? '0');
      const limit = Number(r.query.get('limit') ?? 50);
      const list = this.channelMessages
        .filter((c) => c.channel === m![1] && BigInt(c.message.id) > after)
        .map((c) => c.message)
        .reverse()
        .slice(0, limit);
      return { status: 200, body: list.map(({ nonce: _nonce, ...rest }) => rest) };
    }
    if (m && method === 'POST') {
      const message = {
        ...this.message(r.body),
        channel_id: m[1],
        type: r.body?.message_reference ? 19 : 0,
        webhook_id: undefined,
        ...(r.body?.message_reference ? { message_reference: r.body.message_reference } : {}),
      };
      this.channelMessages.push({ channel: m[1], message, body: r.body });
      return { status: 200, body: message };
    }
    m = path.match(/^\/webhooks\/(\d+)\/([^/]+)$/);
    if (m && method === 'POST') return { status: 200, body: this.message(r.body) };
    m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/);
    if (m && method === 'PUT') {
      return {
        status: 200,
        body: (r.body as any[]).map((c) => ({ ...c, id: snowflake(), application_id: m![1], version: snowflake() })),
      };
    }
    return { status: 404, body: { message: 'Unknown route', code: 0 } };
  }

  /** A message object as Discord returns it for what the bot sent. */
  private message(data: any): any {
    return {
      id: snowflake(),
      type: 20,
      channel_id: CHANNEL_ID,
      author: { id: BOT_ID, username: 'veille', discriminator: '0', global_name: null, avatar: null, bot: true },
      content: data?.content ?? '',
      embeds: data?.embeds ?? [],
      components: data?.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: data?.flags ?? 0,
      webhook_id: APP_ID,
      application_id: APP_ID,
    };
  }
}

/** The shard of a guild: (guild_id >> 22) % shard count, Discord's rule. */
export function shardIdOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The GUILD_CREATE of one of `guilds`, sent on its shard: the guild and its text channels. */
function shardGuildCreate(g: { id: string; channels: string[] }) {
  return {
    id: g.id,
    name: `guild-${g.id}`,
    icon: null,
    owner_id: ALICE.id,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    unavailable: false,
    member_count: 2,
    large: false,
    joined_at: '2025-01-01T00:00:00.000Z',
    members: [],
    channels: g.channels.map((id, position) => ({ id, type: 0, name: `channel-${id}`, position, permission_overwrites: [], guild_id: g.id })),
    threads: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

export interface UserLike {
  id: string;
  username: string;
}

export const ALICE: UserLike = { id: '900000000000000010', username: 'alice' };
export const BOB: UserLike = { id: '900000000000000011', username: 'bob' };

/** What `member.permissions` says by default: no Manage Channels (bit 4). */
export const DEFAULT_PERMISSIONS = '2248473465835073';
/** The default permissions plus Manage Channels. */
export const WITH_MANAGE_CHANNELS = (BigInt(DEFAULT_PERMISSIONS) | 16n).toString();

function member(user: UserLike, permissions = DEFAULT_PERMISSIONS) {
  return {
    user: { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null },
    roles: [],
    joined_at: '2025-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    permissions,
  };
}

function base(user: UserLike, permissions?: string) {
  return {
    id: snowflake(),
    application_id: APP_ID,
    token: `itok-${snowflake()}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general', position: 0, permissions: '2248473465835073' },
    member: member(user, permissions),
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 26214400,
  };
}

/** An option of a slash command: a value, or a subcommand (type 1) with its own options. */
export interface CommandOption {
  name: string;
  type: number;
  value?: string | boolean;
  focused?: boolean;
  options?: CommandOption[];
}

/** A raw INTERACTION_CREATE for a slash command (`permissions`: the member's, as a bit field string). */
export function slashCommand(name: string, options: CommandOption[], user: UserLike = ALICE, permissions?: string) {
  return { ...base(user, permissions), type: 2, data: { id: snowflake(), name, type: 1, options } };
}

/** A raw INTERACTION_CREATE for autocomplete on an option of a subcommand. */
export function subcommandAutocomplete(name: string, subcommand: string, option: string, typed: string, user: UserLike = ALICE) {
  return {
    ...base(user),
    type: 4,
    data: {
      id: snowflake(),
      name,
      type: 1,
      options: [{ name: subcommand, type: 1, options: [{ name: option, type: 3, value: typed, focused: true }] }],
    },
  };
}

/** A raw INTERACTION_CREATE for autocomplete on a command's focused option. */
export function autocomplete(name: string, option: string, typed: string, user: UserLike = ALICE) {
  return {
    ...base(user),
    type: 4,
    data: { id: snowflake(), name, type: 1, options: [{ name: option, type: 3, value: typed, focused: true }] },
  };
}

/** A raw INTERACTION_CREATE for a click on a button of `message`. */
export function buttonClick(message: any, customId: string, user: UserLike = ALICE) {
  return { ...base(user), type: 3, message, data: { component_type: 2, custom_id: customId } };
}

/** A public thread started on message `id` of `parent`: Discord gives it the message's id. */
function threadChannel(id: string, parent: string, name: string) {
  return {
    id,
    type: 11,
    guild_id: GUILD_ID,
    parent_id: parent,
    owner_id: BOT_ID,
    name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    flags: 0,
  };
}

/** The GUILD_CREATE that tells the client about the guild, its text channels and a thread the bot is in. */
export function guildCreate(threads: { id: string; parent: string }[] = []) {
  const text = (id: string, name: string, position: number) => ({ id, type: 0, guild_id: GUILD_ID, name, position, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 });
  return {
    id: GUILD_ID,
    name: 'Newsroom',
    icon: null,
    owner_id: ALICE.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{ id: GUILD_ID, name: '@everyone', color: 0, hoist: false, position: 0, permissions: DEFAULT_PERMISSIONS, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2025-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [],
    channels: [text(CHANNEL_ID, 'general', 0), text(NO_THREADS_CHANNEL_ID, 'announcements', 1)],
    threads: threads.map((t) => threadChannel(t.id, t.parent, 'a thread')),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    stickers: [],
  };
}

export interface UserMessageOptions {
  author?: UserLike & { bot?: boolean };
  /** Where: a guild channel (default), a thread, or the DM channel (no guild). */
  channel?: string;
  dm?: boolean;
  /** Users the message mentions (the client fills `mentions` from them). */
  mentions?: UserLike[];
  /** The message it replies to. */
  replyTo?: { id: string; channel: string };
}

/** A raw MESSAGE_CREATE from a person (or a bot), as the gateway sends it. */
export function userMessage(content: string, options: UserMessageOptions = {}) {
  const author = options.author ?? ALICE;
  const dm = options.dm ?? false;
  const channel = options.channel ?? (dm ? DM_CHANNEL_ID : CHANNEL_ID);
  return {
    id: snowflake(),
    type: options.replyTo ? 19 : 0,
    channel_id: channel,
    // The gateway says which kind of channel (discord.js needs it to build an uncached DM channel).
    channel_type: dm ? 1 : options.channel && options.channel !== CHANNEL_ID && options.channel !== NO_THREADS_CHANNEL_ID ? 11 : 0,
    ...(dm ? {} : { guild_id: GUILD_ID, member: { roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } }),
    author: { id: author.id, username: author.username, discriminator: '0', global_name: null, avatar: null, ...(author.bot ? { bot: true } : {}) },
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (options.mentions ?? []).map((u) => ({ id: u.id, username: u.username, discriminator: '0', global_name: null, avatar: null, ...(u.id === BOT_ID ? { bot: true } : {}) })),
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    ...(options.replyTo
      ? { message_reference: { type: 0, message_id: options.replyTo.id, channel_id: options.replyTo.channel, ...(dm ? {} : { guild_id: GUILD_ID }) } }
      : {}),
  };
}

/** The bot as a mentionable user. */
export const BOT: UserLike = { id: BOT_ID, username: 'veille' };
