/** `temoin serve`: the consent ledger over HTTP until SIGINT or SIGTERM. */
import { once } from 'node:events';
import { createLedger } from '../server/create-ledger';
import { DEFAULT_RATE } from '../server/ledger';
import { listen } from '../server/listen';
import { UsageError, type Command } from './command';
import { readArgs, STORE_HELP, STORE_OPTIONS, storeOptions, wholeNumber } from './ledger-options';

const DEFAULT_PORT = 8787;

const help = `usage: temoin serve [options]

Keeps every consent decision that Témoin's recordEndpoint sends, as tamper-evident proof:
POST /consent-records answers 201 {"seq", "hash"} once the entry is on disk. GET /health.

  --host HOST        address to listen on (default 127.0.0.1)
  --port N           port (default ${DEFAULT_PORT}; 0 picks a free one)
${STORE_HELP}
  --origin ORIGIN    only this Origin may post (repeatable), e.g. https://www.example.com;
                     without it any origin may (for development)
  --rate N           posts a minute per client address, refused ones included (default ${DEFAULT_RATE})
  --trust-proxy      the client address is the last X-Forwarded-For hop (behind nginx, Caddy)
  --store-ip MODE    none (default) or truncated: keep the client address cut to /24 or /48
  --config FILE      the site's Témoin configuration: refuse other categories and later revisions

The first line on stdout is "listening on http://HOST:PORT".`;

export const serve: Command = {
  summary: 'keep the proof of consent: an HTTP endpoint for recordEndpoint',
  help,
  async run(args) {
    const values = readArgs(args, {
      ...STORE_OPTIONS,
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: String(DEFAULT_PORT) },
      origin: { type: 'string', multiple: true, default: [] },
      rate: { type: 'string', default: String(DEFAULT_RATE) },
      'trust-proxy': { type: 'boolean', default: false },
      'store-ip': { type: 'string', default: 'none' },
      config: { type: 'string' },
    });
    const storeIp = values['store-ip'];
    if (storeIp !== 'none' && storeIp !== 'truncated') throw new UsageError(`--store-ip: expected none or truncated, got "${storeIp}"`);
    const port = wholeNumber('port', values.port, 0, 65535);
    const ledger = createLedger({
      ...storeOptions(values.data),
      origins: values.origin,
      rate: wholeNumber('rate', values.rate, 1),
      storeIp,
      trustProxy: values['trust-proxy'],
      ...(values.config === undefined ? {} : { config: values.config }),
    });
    await ledger.ready;
    const { server, url } = await listen(ledger, values.host, port).catch(async (problem: unknown) => {
      await ledger.close();
      const code = (problem as NodeJS.ErrnoException).code;
      throw new Error(code === 'EADDRINUSE' ? `${values.host}:${port} is already in use (--port 0 picks a free port)` : (problem as Error).message);
    });
    process.stdout.write(`listening on ${url}\n`);

    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    // Stop taking connections, answer what is in flight, then close the store.
    server.close();
    server.closeIdleConnections();
    await ledger.close();
    server.closeAllConnections();
    return 0;
  },
};
