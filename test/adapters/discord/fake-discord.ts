// A fake Discord on loopback: the HTTP API routes the adapter uses, and a gateway (WebSocket) that
// says hello, accepts the IDENTIFY, sends READY, then delivers the interactions a test injects.
// It records every request so that tests assert the exact payloads a user would see.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BOT_ID = '900000000000000001';
export const APP_ID = '900000000000000002';
export const GUILD_ID = '900000000000000003';
export const CHANNEL_ID = '900000000000000004';
export const TOKEN = 'fake.bot-token.Zx9Qw7Er5Ty3Ui1Op';

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
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private started = Date.now();
  private waiters: { predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  /** Messages the bot posted in channels by itself (POST /channels/:id/messages), in order. */
  readonly channelMessages: { channel: string; message: any; body: any }[] = [];
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

  /** Sends a dispatch event to every connected gateway client. */
  dispatch(t: string, d: unknown): void {
    const packet = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const s of this.sockets) s.send(packet);
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
    socket.on('close', () => this.sockets.delete(socket));
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
        if (msg.d.token !== TOKEN) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.seq,
            d: {
              v: 10,
              user: { id: BOT_ID, username: 'veille', discriminator: '0', global_name: null, avatar: null, bot: true },
              guilds: [],
              session_id: 'fake-session',
              resume_gateway_url: `ws://127.0.0.1:${this.port}`,
              shard: [0, 1],
              application: { id: APP_ID, flags: 0 },
            },
          }),
        );
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
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    let m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
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
    m = path.match(/^\/channels\/(\d+)\/messages$/);
    if (m && method === 'POST') {
      const message = { ...this.message(r.body), channel_id: m[1], type: 0, webhook_id: undefined };
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
