// The Slack HTTP path end to end: signed `/ask` slash commands to the adapter (in its own process,
// over a synthetic corpus) at a fixed rate with autocannon, each signed with a fresh timestamp;
// the acknowledgement's latency is what Slack's 3-second limit applies to. The adapter talks to
// a tiny fake Web API here (auth.test, and the response_url the answers are posted to).
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Agent, request as undiciRequest } from 'undici';
import { round } from './stats.js';

export interface SlackResult {
  articles: number;
  rate: number;
  durationS: number;
  /** Signed /ask requests sent during the measured period. */
  requests: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  non2xx: number;
  errors: number;
  /** Answers posted to response_url by the end (a few seconds' grace after the load). */
  answersDelivered: number;
}

export interface SlackBurstResult {
  articles: number;
  /** Requests sent at once. */
  concurrent: number;
  workers: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  non2xx: number;
  /** Answers posted to response_url, and "busy, try again" replies among the replies. */
  answersDelivered: number;
  busy: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** A fake Slack Web API and response_url receiver on loopback; `onRespond` is told of each post to /respond/:id. */
export async function fakeSlackApi(onRespond?: (id: string) => void): Promise<{ server: Server; url: string; answers: () => number; busy: () => number }> {
  let answers = 0;
  let busy = 0;
  const server = createServer((req, res) => {
    let received = '';
    req.on('data', (d: Buffer) => (received += d.toString()));
    req.on('end', () => {
      if (req.url?.startsWith('/respond/')) {
        answers++;
        if (received.includes('The bot is busy')) busy++;
        onRespond?.(req.url.slice('/respond/'.length));
      }
      const method = req.url?.replace(/^\/api\//, '').split('?')[0];
      const body =
        method === 'auth.test'
          ? { ok: true, url: 'https://bench.slack.com/', team: 'Bench', user: 'veille', team_id: 'T0BENCH', user_id: 'U0BOT', bot_id: 'B0BOT' }
          : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, answers: () => answers, busy: () => busy };
}

/** Waits (up to 15 s) until `expected` answers have reached the fake response_url. */
export async function waitForAnswers(answers: () => number, expected: number): Promise<void> {
  for (let waited = 0; waited < 15_000 && answers() < expected; waited += 250) await new Promise((r) => setTimeout(r, 250));
}

/** The adapter in its own process (answering through the pool, ANSWER_WORKERS), with its fake Web API. */
async function startServer(articles: number, env: Record<string, string> = {}) {
  const secret = randomBytes(16).toString('hex');
  const api = await fakeSlackApi();
  const child = spawn(process.execPath, [path.join(here, 'slack-server.js'), '--articles', String(articles)], {
    env: { ...process.env, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: `${api.url}/api/`, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`slack server exited ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  const stop = () => {
    child.kill('SIGTERM');
    api.server.close();
    api.server.closeAllConnections();
  };
  return { secret, api, port, stop };
}

/** A signed /ask slash command, as Slack sends it. */
export function signedAsk(secret: string, apiUrl: string, i: number, question: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    token: 'deprecated',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0BENCH',
    channel_name: 'general',
    user_id: `U${i % 200}`,
    user_name: 'bench',
    command: '/ask',
    text: question,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: `${apiUrl}/respond/${i}`,
    trigger_id: `${i}.${Date.now()}.bench`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
  };
}

/**
 * `concurrent` signed /ask at the same instant (200 users pressing enter together), after a warm-up:
 * the latency of each acknowledgement, and what the users got back.
 */
export async function measureSlackBurst(options: { articles: number; concurrent: number; workers: number; questions: string[] }): Promise<SlackBurstResult> {
  const { secret, api, port, stop } = await startServer(options.articles, { ANSWER_WORKERS: String(options.workers) });
  const url = `http://127.0.0.1:${port}/slack/events`;
  const agent = new Agent({ connections: options.concurrent + 10 });
  let n = 0;
  const send = async () => {
    const i = n++;
    const { body, headers } = signedAsk(secret, api.url, i, options.questions[i % options.questions.length]);
    const started = performance.now();
    const res = await undiciRequest(url, { method: 'POST', body, headers, dispatcher: agent });
    await res.body.text();
    return { ms: performance.now() - started, status: res.statusCode };
  };
  try {
    for (let i = 0; i < 20; i++) await send();
    await waitForAnswers(api.answers, n);
    const answeredBefore = api.answers();
    const busyBefore = api.busy();
    const results = await Promise.all(Array.from({ length: options.concurrent }, () => send()));
    await waitForAnswers(api.answers, n);
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
    return {
      articles: options.articles,
      concurrent: options.concurrent,
      workers: options.workers,
      ackP50Ms: round(at(0.5), 1),
      ackP99Ms: round(at(0.99), 1),
      ackMaxMs: round(ms[ms.length - 1], 1),
      non2xx: results.filter((r) => r.status < 200 || r.status >= 300).length,
      answersDelivered: api.answers() - answeredBefore - (api.busy() - busyBefore),
      busy: api.busy() - busyBefore,
    };
  } finally {
    await agent.close();
    stop();
  }
}

export async function measureSlack(options: { articles: number; rate: number; durationS: number; questions: string[] }): Promise<SlackResult> {
  const { secret, api, port, stop } = await startServer(options.articles);
  try {
    let n = 0;
    const load = (durationS: number) =>
      autocannon({
        url: `http://127.0.0.1:${port}/slack/events`,
        connections: 10,
        overallRate: options.rate,
        duration: durationS,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const { body, headers } = signedAsk(secret, api.url, n, options.questions[n % options.questions.length]);
              n++;
              return { ...request, body, headers };
            },
          },
        ],
      });
    // A few seconds first, not measured: JIT, Bolt's first requests, the engine's caches.
    await load(3);
    await waitForAnswers(api.answers, n);
    const answeredBefore = api.answers();
    const sentBefore = n;
    const result = await load(options.durationS);
    // Answers still being computed when the load stops get a little time to arrive.
    await waitForAnswers(api.answers, n);
    return {
      articles: options.articles,
      rate: options.rate,
      durationS: options.durationS,
      requests: n - sentBefore,
      ackP50Ms: round(result.latency.p50, 1),
      ackP99Ms: round(result.latency.p99, 1),
      ackMaxMs: round(result.latency.max, 1),
      non2xx: result.non2xx,
      errors: result.errors,
      answersDelivered: api.answers() - answeredBefore,
    };
  } finally {
    stop();
  }
}
