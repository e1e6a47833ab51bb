import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRegistry } from '../plugin-kit/metrics';
import { StartupError } from '../startupError';
import { checkReadiness, type HealthParts } from './health';

/** The endpoint's paths: the container files' health checks and the README name these. */
export const ENDPOINTS = { metrics: '/metrics', liveness: '/healthz', readiness: '/readyz' } as const;

export interface MetricsServer {
  /** The port it listens on (the configured one, or the one picked for port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `/metrics` (Prometheus text format), `/healthz` (200 while the process runs) and `/readyz` (200 when
 * Discord is connected and PostgreSQL and Redis answer, else 503 with what is wrong, as JSON). GET only; no
 * secrets in any answer.
 */
export async function startMetricsServer(port: number, host: string, parts: HealthParts): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'GET only\n');
    if (path === ENDPOINTS.liveness) return send(200, 'text/plain', 'ok\n');
    if (path === ENDPOINTS.readiness) {
      void checkReadiness(parts).then((readiness) =>
        send(readiness.ready ? 200 : 503, 'application/json', `${JSON.stringify(readiness)}\n`),
      );
      return;
    }
    if (path === ENDPOINTS.metrics) {
      void metricsRegistry.metrics().then(
        (text) => send(200, metricsRegistry.contentType, text),
        () => send(500, 'text/plain', 'collecting metrics failed\n'),
      );
      return;
    }
    send(404, 'text/plain', `not found; try ${Object.values(ENDPOINTS).join(', ')}\n`);
  });
  server.listen(port, host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  } catch (error) {
    throw new StartupError(
      `Cannot serve metrics on ${host}:${port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Choose another METRICS_PORT or METRICS_HOST.`,
      { cause: error },
    );
  }
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
