/** `temoin serve`: the consent ledger over HTTP until SIGINT or SIGTERM. */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createLedger } from '../server/create-ledger';
import { tokenProblem } from '../server/dashboard-session';
import { DEFAULT_RATE } from '../server/ledger';
import { DEFAULT_MAX_CONNECTIONS, listen } from '../server/listen';
import { UsageError, type Command } from './command';
import { readArgs, STORE_HELP, STORE_OPTIONS, storeOptions, wholeNumber } from './ledger-options';

const DEFAULT_PORT = 8787;

const help = `usage: temoin serve [options]

Keeps every consent decision that Témoin's recordEndpoint sends, as tamper-evident proof:
POST /consent-records answers 201 {"seq", "hash"} once the entry is on disk. GET /health.
With a dashboard token, consent insights too: GET /stats (Authorization: Bearer TOKEN) and the
/dashboard page.

  --host HOST        address to listen on (default 127.0.0.1)
  --port N           port (default ${DEFAULT_PORT}; 0 picks a free one)
${STORE_HELP}
  --origin ORIGIN    only this Origin may post (repeatable), e.g. https://www.example.com;
                     without it any origin may (for development)
  --rate N           posts a minute per client (an IPv4 address, an IPv6 /64), refused ones
                     included (default ${DEFAULT_RATE})
  --trust-proxy PROXY  behind a reverse proxy at this address or CIDR range (repeatable, e.g.
                     --trust-proxy 10.0.0.0/8): the client is the X-Forwarded-For hop it added;
                     alone, or "loopback", a proxy on this machine (nginx, Caddy in front)
  --store-ip MODE    none (default) or truncated: keep the client address cut to /24 or /48
  --config FILE      the site's Témoin configuration: refuse other categories and later revisions
  --max-connections N  connections open at once; more are closed (default ${DEFAULT_MAX_CONNECTIONS})
  --dashboard-token-file FILE  turns on /stats and /dashboard, with the token in FILE (at least
                     16 characters; trailing whitespace ignored); TEMOIN_DASHBOARD_TOKEN (environment)
                     instead, when no file is given

The first line on stdout is "listening on http://HOST:PORT".`;

/**
 * A bare `--trust-proxy` (last, or followed by another option) reads as `--trust-proxy loopback`:
 * the proxy in front runs on this machine, as the documented nginx and Caddy setups have it.
 */
const bareTrustProxy = (args: string[]): string[] =>
  args.map((arg, index) => (arg === '--trust-proxy' && (args[index + 1] ?? '-').startsWith('-') ? '--trust-proxy=loopback' : arg));

/** The dashboard token: the file's when one is named (it wins), else the environment's; undefined when neither is. */
async function dashboardToken(file: string | undefined): Promise<string | undefined> {
  let token: string;
  let source: string;
  if (file !== undefined) {
    source = '--dashboard-token-file';
    try {
      token = await readFile(file, 'utf8');
    } catch (problem) {
      throw new UsageError(`${source} ${file}: cannot be read (${(problem as NodeJS.ErrnoException).code ?? String(problem)})`);
    }
  } else if (process.env.TEMOIN_DASHBOARD_TOKEN) {
    source = 'TEMOIN_DASHBOARD_TOKEN';
    token = process.env.TEMOIN_DASHBOARD_TOKEN;
  } else return undefined;
  // An editor's final line break, or a space pasted after it, is not part of the token.
  token = token.trimEnd();
  const problem = tokenProblem(token);
  if (problem !== null) throw new UsageError(`${source}: ${problem}`);
  return token;
}

export const serve: Command = {
  summary: 'keep the proof of consent: an HTTP endpoint for recordEndpoint',
  help,
  async run(args) {
    const values = readArgs(bareTrustProxy(args), {
      ...STORE_OPTIONS,
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: String(DEFAULT_PORT) },
      origin: { type: 'string', multiple: true, default: [] },
      rate: { type: 'string', default: String(DEFAULT_RATE) },
      'trust-proxy': { type: 'string', multiple: true, default: [] },
      'store-ip': { type: 'string', default: 'none' },
      config: { type: 'string' },
      'max-connections': { type: 'string', default: String(DEFAULT_MAX_CONNECTIONS) },
      'dashboard-token-file': { type: 'string' },
    });
    const storeIp = values['store-ip'];
    if (storeIp !== 'none' && storeIp !== 'truncated') throw new UsageError(`--store-ip: expected none or truncated, got "${storeIp}"`);
    const port = wholeNumber('port', values.port, 0, 65535);
    const maxConnections = wholeNumber('max-connections', values['max-connections'], 1);
    const token = await dashboardToken(values['dashboard-token-file']);
    const ledger = createLedger({
      ...storeOptions(values.data),
      origins: values.origin,
      rate: wholeNumber('rate', values.rate, 1),
      storeIp,
      trustProxy: values['trust-proxy'],
      ...(values.config === undefined ? {} : { config: values.config }),
      ...(token === undefined ? {} : { dashboardToken: token }),
    });
    await ledger.ready;
    const { server, url } = await listen(ledger, values.host, port, { maxConnections }).catch(async (problem: unknown) => {
      await ledger.close();
      const code = (problem as NodeJS.ErrnoException).code;
      throw new Error(code === 'EADDRINUSE' ? `${values.host}:${port} is already in use (--port 0 picks a free port)` : (problem as Error).message);
    });
    // Listened for before saying so: whoever reads the line may stop the server at once.
    const stopped = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    process.stdout.write(`listening on ${url}\n`);
    if (token !== undefined) process.stdout.write(`consent insights on ${url}/dashboard\n`);

    await stopped;
    // Stop taking connections, answer what is in flight, then close the store.
    server.close();
    server.closeIdleConnections();
    await ledger.close();
    server.closeAllConnections();
    // A connection to a database that stopped answering must not keep the command from exiting.
    setTimeout(() => process.exit(), 1000).unref();
    return 0;
  },
};
