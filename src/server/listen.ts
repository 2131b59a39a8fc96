/**
 * The HTTP server `temoin serve` runs: Node's `http` with limits, so that slow or numerous clients
 * cannot hold it: headers within 5 s, the whole request within 10 s, an idle keep-alive connection
 * closed after 5 s, and at most `maxConnections` open at once (a connection past it is closed as
 * soon as it is accepted).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ledger } from './create-ledger';

export interface Limits {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
  maxConnections: number;
}

/**
 * 4096 connections: far more than browsers posting decisions hold at once (each post is short),
 * with room for a thousand slow clients, and a bounded amount of memory.
 */
export const DEFAULT_MAX_CONNECTIONS = 4096;
const LIMITS: Limits = { headersMs: 5000, requestMs: 10_000, keepAliveMs: 5000, maxConnections: DEFAULT_MAX_CONNECTIONS };

/** Listens on `host:port` (0: a free port) and resolves with the server and its URL. */
export async function listen(ledger: Ledger, host: string, port: number, limits: Partial<Limits> = {}): Promise<{ server: Server; url: string }> {
  const { headersMs, requestMs, keepAliveMs, maxConnections } = { ...LIMITS, ...limits };
  const server = createServer(
    {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      keepAliveTimeout: keepAliveMs,
      // How often Node checks those timeouts (default 30 s, longer than the timeouts themselves).
      connectionsCheckingInterval: Math.min(1000, headersMs),
    },
    (req, res) => {
      ledger.node(req, res);
    },
  );
  server.maxConnections = maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return { server, url: `http://${address.includes(':') ? `[${address}]` : address}:${bound}` };
}
