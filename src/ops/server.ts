// HEALTH_PORT: GET /healthz (200 when every part is up, 503 naming the parts down, JSON) and
// GET /metrics (Prometheus text format). Nothing else is served; nothing here reads a request body.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { Health } from './health.js';
import type { Metrics } from './metrics.js';

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startOpsServer(options: { port: number; host: string; health: Health; metrics: Metrics; logger: Logger }): Promise<OpsServer> {
  const { health, metrics, logger } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Only GET.\n');
      return;
    }
    if (path === '/healthz') {
      const report = health.report();
      res.writeHead(report.healthy ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`${JSON.stringify({ status: report.healthy ? 'ok' : 'down', down: report.down, parts: report.parts })}\n`);
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(text);
        },
        (err: unknown) => {
          logger.error({ err }, 'metrics: could not collect');
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Could not collect the metrics.\n');
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: try /healthz or /metrics.\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ host: options.host, port }, 'health and metrics: listening (/healthz, /metrics)');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
