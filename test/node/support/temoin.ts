/** Running the built `temoin` command as a site owner does, and posting to it as browsers do. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMOIN = fileURLToPath(new URL('../../../dist/node/temoin.js', import.meta.url));

/** A temporary folder for an embedded store. */
export const tempFolder = (prefix = 'temoin-ledger-') => mkdtempSync(join(tmpdir(), prefix));

/** The environment without a DATABASE_URL of the machine's, plus `extra`. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('DATABASE_URL' in extra)) delete env.DATABASE_URL;
  return env;
}

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `temoin ARGS` to its end. */
export async function temoin(args: string[], env: Record<string, string> = {}, script = TEMOIN): Promise<Result> {
  const child = spawn(process.execPath, [script, ...args], { env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, stdout, stderr };
}

export interface Serving {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote on stderr so far. */
  stderr: () => string;
  /** SIGTERM, and its exit status. */
  stop: () => Promise<number | null>;
  /** SIGKILL: no chance to flush or close anything. */
  kill: () => Promise<void>;
}

/** Servers still running when the test file ends (a test that failed half-way) go with it. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `temoin serve ARGS --port 0` and resolves once it prints where it listens. */
export async function serve(args: string[], env: Record<string, string> = {}): Promise<Serving> {
  const child = spawn(process.execPath, [TEMOIN, 'serve', '--port', '0', ...args], { env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const listening = /^listening on (http:\/\/\S+)\n/.exec(stdout);
      if (listening?.[1]) resolve(listening[1]);
    });
    void exited.then(([code]) => {
      reject(new Error(`temoin serve exited (${String(code)}) before listening: ${stderr.trim()}`));
    });
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A proof of consent as Témoin's browser code sends it. */
export function proof(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    v: 1,
    id: randomUUID(),
    revision: 1,
    granted: ['necessary', 'performance'],
    refused: ['advertising', 'third-party'],
    method: 'custom',
    language: 'fr',
    createdAt: now,
    updatedAt: now,
    url: 'https://www.example.com/fr/',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
    ...overrides,
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | null;
}

/** POSTs `body` (JSON unless a string) to `/consent-records`. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${url}/consent-records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** The NDJSON export of a store, parsed. */
export async function exported(args: string[], env: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  const { status, stdout, stderr } = await temoin(['export', ...args], env);
  if (status !== 0) throw new Error(`temoin export failed (${String(status)}): ${stderr}`);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
