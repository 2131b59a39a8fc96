/**
 * The HTTP server `temoin serve` runs: Node's `http` with timeouts, so that a slow client cannot
 * hold a connection (headers within 5 s, the whole request within 10 s, an idle keep-alive
 * connection closed after 5 s).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ledger } from './create-ledger';

export interface Timeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
}

const TIMEOUTS: Timeouts = { headersMs: 5000, requestMs: 10_000, keepAliveMs: 5000 };

/** Listens on `host:port` (0: a free port) and resolves with the server and its URL. */
export async function listen(ledger: Ledger, host: string, port: number, timeouts: Timeouts = TIMEOUTS): Promise<{ server: Server; url: string }> {
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often Node checks those timeouts (default 30 s, longer than the timeouts themselves).
      connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
    },
    (req, res) => {
      ledger.node(req, res);
    },
  );
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
