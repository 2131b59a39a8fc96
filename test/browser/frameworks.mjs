/**
 * Shared by the framework suites (examples.test.mjs, ssr.test.mjs): builds apps with Vite (and
 * Next.js) from the repository's own node_modules, resolving `temoin` to this package's build as an
 * installed copy would, and runs a built Next.js app.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, lstatSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { build } from 'vite';
import { ROOT } from './harness.mjs';

/** Where the suites write what they build (git-ignored), served by the harness under `/.scratch/frameworks/`. */
export const OUT = join(ROOT, '.scratch/frameworks');

/**
 * The examples import `temoin` as a site does: `examples/node_modules/temoin` links to this
 * repository (its package.json `exports` and dist/), and React, Vue and Vite come from the
 * repository's node_modules, so that CI installs nothing per example.
 */
export function linkPackage() {
  const link = join(ROOT, 'examples/node_modules/temoin');
  try {
    lstatSync(link);
  } catch {
    mkdirSync(join(ROOT, 'examples/node_modules'), { recursive: true });
    symlinkSync('../..', link);
  }
}

/**
 * Builds a Vite app (`root`, with its own vite.config.js unless `configFile: false`) into
 * `OUT/<name>` and returns the URL path it is served at.
 */
export async function viteBuild(name, root, options = {}) {
  const base = `/.scratch/frameworks/${name}/`;
  const outDir = join(OUT, name);
  rmSync(outDir, { recursive: true, force: true });
  await build({
    root,
    base,
    logLevel: 'error',
    ...options,
    build: { outDir, emptyOutDir: true, ...options.build },
  });
  return base;
}

/** A free TCP port on 127.0.0.1. */
const freePort = () =>
  new Promise((done, failed) => {
    const server = createServer();
    server.on('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

const NEXT = join(ROOT, 'node_modules/next/dist/bin/next');
const NEXT_ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

/** Runs `next <args>` in `dir` until it exits; rejects with its output when it fails. */
export function nextBuild(dir) {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [NEXT, 'build'], { cwd: dir, env: NEXT_ENV });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', failed);
    child.on('exit', (code) => (code === 0 ? done(output) : failed(new Error(`next build exited with ${code}:\n${output}`))));
  });
}

/** Starts `next start` for the app built in `dir`; resolves once it listens, with its origin and `stop()`. */
export async function nextStart(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT, 'start', '--hostname', '127.0.0.1', '--port', String(port)], { cwd: dir, env: NEXT_ENV });
  let output = '';
  await new Promise((ready, failed) => {
    const read = (chunk) => {
      output += chunk;
      if (/Ready in/.test(output)) ready();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', failed);
    child.on('exit', (code) => failed(new Error(`next start exited with ${code}:\n${output}`)));
  });
  const exited = new Promise((done) => child.on('exit', done));
  return {
    origin: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}
