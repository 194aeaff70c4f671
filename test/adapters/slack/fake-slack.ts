// A fake Slack on loopback: the Web API (auth.test, chat.postMessage, users.info, apps.connections.open),
// response_url receivers, a Socket Mode WebSocket endpoint, and helpers that sign requests the way
// Slack does. Nothing here leaves 127.0.0.1.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';

/** A parsed JSON body, read loosely in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test payloads are read field by field
export type Json = Record<string, any>;

export interface ApiCall {
  method: string;
  /** Form fields, with JSON-looking values (blocks) parsed. */
  body: Json;
  authorization: string | undefined;
}

export interface Posted {
  /** Which response_url (the id in /respond/:id). */
  id: string;
  body: Json;
}

export type ApiReply = { status?: number; headers?: Record<string, string>; json: unknown };

export const BOT_TOKEN = 'xoxb-1111-2222-secretbottoken';
export const APP_TOKEN = 'xapp-1-A111-333-secretapptoken';
export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: Posted[] = [];
  /** Socket Mode acknowledgements received from the app. */
  readonly socketAcks: Json[] = [];
  /** Messages posted with chat.postMessage, by channel, oldest first (read back by conversations.history). */
  readonly channelMessages = new Map<string, Json[]>();
  /** Override a Web API method's reply (default: ok). */
  readonly replies = new Map<string, (call: ApiCall) => ApiReply>();
  private server!: Server;
  private wss?: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private waiters: (() => void)[] = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => {
        this.socketAcks.push(JSON.parse(String(data)) as Json);
        this.notify();
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A111' }, debug_info: { host: 'fake' } }));
      this.notify();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): Posted[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Sends a Socket Mode envelope to every connected app. */
  sendEnvelope(envelope: Record<string, unknown>): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  /** Resolves once `check` holds; rejects after `ms`. */
  async until<T>(check: () => T | undefined | false, ms = 5000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = check();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('fake Slack: timed out waiting');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/respond/')) {
      this.responses.push({ id: path.slice('/respond/'.length), body: JSON.parse(raw) as Json });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      this.notify();
      return;
    }
    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const body = parseBody(raw, req.headers['content-type']);
      const call: ApiCall = { method, body, authorization: req.headers.authorization };
      this.calls.push(call);
      const reply = this.replies.get(method)?.(call) ?? this.defaultReply(method, body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.json));
      this.notify();
      return;
    }
    res.writeHead(404).end();
  }

  private defaultReply(method: string, body: Json): ApiReply {
    switch (method) {
      case 'auth.test':
        return { json: { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'veille', team_id: 'T111', user_id: 'UBOT', bot_id: 'BBOT' } };
      case 'chat.postMessage': {
        const list = this.channelMessages.get(body.channel) ?? [];
        // Unique, increasing timestamps, as Slack's are within a channel.
        const last = Number(list[list.length - 1]?.ts ?? 0);
        const ts = Math.max(Date.now() / 1000, last + 0.000001).toFixed(6);
        const message = { type: 'message', ts, text: body.text, blocks: body.blocks, bot_id: 'BBOT', ...(body.metadata ? { metadata: body.metadata } : {}) };
        list.push(message);
        this.channelMessages.set(body.channel, list);
        return { json: { ok: true, channel: body.channel ?? 'C111', ts, message } };
      }
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const limit = Number(body.limit ?? 100);
        const all = (this.channelMessages.get(body.channel) ?? []).filter((m) => Number(m.ts) > oldest).reverse();
        const start = Number(body.cursor ?? 0);
        const page = all.slice(start, start + limit).map((m) => {
          const { metadata, ...rest } = m;
          return String(body.include_all_metadata) === 'true' ? m : rest;
        });
        const more = start + limit < all.length;
        return { json: { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } } };
      }
      case 'users.info':
        // A member who is neither admin nor owner; tests override for admins.
        return { json: { ok: true, user: { id: 'U111', name: 'alice', is_admin: false, is_owner: false, tz: 'Europe/Paris' } } };
      case 'apps.connections.open':
        return { json: { ok: true, url: `${this.url.replace('http:', 'ws:')}/socket` } };
      default:
        return { json: { ok: false, error: 'unknown_method' } };
    }
  }
}

function parseBody(raw: string, contentType: string | undefined): Json {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Json;
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/** Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

export interface SendOptions {
  /** Seconds since the epoch (default: now). */
  timestamp?: number;
  signature?: string;
  retryNum?: number;
}

export interface Delivered {
  status: number;
  /** The response body (the acknowledgement): parsed JSON, or the text ('' when empty). */
  body: unknown;
  ms: number;
}

/** POSTs a form body to the app the way Slack does, signed unless told otherwise. */
export async function deliver(url: string, form: Record<string, string>, options: SendOptions = {}): Promise<Delivered> {
  const body = new URLSearchParams(form).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? sign(body, timestamp),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : '';
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, ms: Date.now() - started };
}

let counter = 0;
/** Trigger ids are unique across runs too, as Slack's are: retries are remembered in state files that outlive a test run. */
const runId = `${process.pid}${Date.now()}`;

/** A slash command's form fields, with a fresh trigger_id and its own response_url on `slack`. */
export function slashCommand(slack: FakeSlack, command: string, text: string, over: Record<string, string> = {}) {
  const id = `r${++counter}`;
  const form: Record<string, string> = {
    token: 'deprecated-verification-token',
    team_id: 'T111',
    team_domain: 'fake',
    channel_id: 'C111',
    channel_name: 'general',
    user_id: 'U111',
    user_name: 'alice',
    command,
    text,
    api_app_id: 'A111',
    is_enterprise_install: 'false',
    response_url: slack.responseUrl(id),
    trigger_id: `1337.${runId}.trigger${counter}`,
    ...over,
  };
  return { id, form };
}

/** A block_actions payload for a button press in channel C111 (or `channel`). */
export function buttonPress(slack: FakeSlack, actionId: string, value: string, over: { user?: string; channel?: string | null } = {}) {
  const id = `r${++counter}`;
  const channel = over.channel === undefined ? 'C111' : over.channel;
  const payload = {
    type: 'block_actions',
    user: { id: over.user ?? 'U111', username: 'alice', name: 'alice', team_id: 'T111' },
    api_app_id: 'A111',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel ?? 'D111', is_ephemeral: true },
    trigger_id: `1337.${runId}.trigger${counter}`,
    team: { id: 'T111', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    ...(channel ? { channel: { id: channel, name: 'general' } } : {}),
    response_url: slack.responseUrl(id),
    actions: [
      {
        action_id: actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Button', emoji: true },
        value,
        type: 'button',
        action_ts: '1700000001.000200',
      },
    ],
  };
  return { id, payload, form: { payload: JSON.stringify(payload) } };
}

/** A pino logger that keeps its lines, to read what the app logged. */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: () => string[]; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines: () => lines, text: () => lines.join('') };
}

let eventCounter = 0;

/** An Events API callback around `event`, as Slack POSTs it (JSON, signed). */
export function eventCallback(event: Json, over: { eventId?: string } = {}) {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T111',
    api_app_id: 'A111',
    event,
    type: 'event_callback',
    event_id: over.eventId ?? `Ev${++eventCounter}${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T111', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

let tsCounter = 0;
/** A fresh message ts, as Slack writes them. */
export function messageTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
}

/** POSTs an Events API callback to the app, signed, as JSON. */
export async function deliverEvent(url: string, callback: Json, options: SendOptions = {}): Promise<Delivered> {
  const body = JSON.stringify(callback);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? sign(body, timestamp),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text, ms: Date.now() - started };
}
