/** The ledger's requests and answers as Node's `http` and the Fetch API carry them. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyCollector } from './body';
import type { LedgerRequest, LedgerResponse } from './ledger';

/**
 * A request target's path (`/consent-records?x` is `/consent-records`, dot segments resolved) and
 * query (`x`, without its `?`), or undefined when it is not a URL at all (`http://[/`,
 * `http://a:99999/`): Node's parser lets those through, and they are answered 400 rather than thrown.
 */
export function targetOf(target: string): { path: string; query: string } | undefined {
  if (!URL.canParse(target, 'http://ledger.invalid')) return undefined;
  const url = new URL(target, 'http://ledger.invalid');
  return { path: url.pathname, query: url.search.slice(1) };
}

/**
 * A Node request's body up to the limit. Read through events rather than the stream's async
 * iterator: leaving that iterator early destroys the socket, and the 413 would never be sent.
 */
function readNodeBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const body = new BodyCollector();
    const stop = (problem: unknown) => {
      req.removeAllListeners('data');
      req.pause();
      reject(problem instanceof Error ? problem : new Error(String(problem)));
    };
    req.on('data', (chunk: Buffer) => {
      try {
        body.add(chunk);
      } catch (problem) {
        stop(problem);
      }
    });
    req.once('end', () => {
      resolve(body.bytes());
    });
    req.once('error', stop);
    req.once('close', () => {
      if (!req.complete) stop(new Error('the client closed the connection'));
    });
  });
}

export function fromNode(req: IncomingMessage): LedgerRequest {
  // Express strips the mount path from `url` (`app.use('/consent-records', …)`) and keeps the whole one in `originalUrl`.
  const target = targetOf((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/');
  return {
    method: req.method ?? 'GET',
    path: target?.path,
    query: target?.query ?? '',
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    connectionAddress: req.socket.remoteAddress,
    connection: req.socket,
    read: () => readNodeBody(req),
  };
}

/** Writes the answer; a connection that cannot take it (gone, or headers it refuses) is closed instead. */
export function toNode(answer: LedgerResponse, res: ServerResponse): void {
  try {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  } catch (problem) {
    process.stderr.write(`temoin: could not answer a request: ${problem instanceof Error ? problem.message : String(problem)}\n`);
    res.destroy();
  }
}

/** What a Fetch-API server knows of the connection and passes beside the request (Deno's `info.remoteAddr.hostname`, Bun's `server.requestIP(request)?.address`). */
export interface ConnectionInfo {
  clientAddress?: string;
}

async function readFetchBody(request: Request): Promise<Uint8Array> {
  const body = new BodyCollector();
  if (!request.body) return body.bytes();
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return body.bytes();
    try {
      body.add(value);
    } catch (problem) {
      await reader.cancel().catch(() => undefined);
      throw problem;
    }
  }
}

export function fromFetch(request: Request, info: ConnectionInfo = {}): LedgerRequest {
  const target = targetOf(request.url);
  return {
    method: request.method,
    path: target?.path,
    query: target?.query ?? '',
    header: (name) => request.headers.get(name) ?? undefined,
    connectionAddress: info.clientAddress,
    read: () => readFetchBody(request),
  };
}

export const toFetch = (answer: LedgerResponse): Response =>
  new Response(answer.status === 204 || answer.body === '' ? null : answer.body, { status: answer.status, headers: answer.headers });
