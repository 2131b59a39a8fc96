/**
 * Starting Chromium: the system's (`/usr/bin/chromium`, or `TEMOIN_CHROMIUM`), driven by
 * playwright-core, an optional peer dependency loaded only when a scan runs. Nothing is ever
 * downloaded: without a browser or without playwright-core, the error says how to install it.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/**
 * Headless, and nothing running in the background that would add requests of Chromium's own.
 * Chromium keeps its sandbox: the pages scanned are anyone's.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const INSTALL_PLAYWRIGHT = 'npm install playwright-core@1';

/**
 * Extra Chromium arguments from `TEMOIN_CHROMIUM_ARGS`: each starts with `--`, and the text is split
 * only before a `--` that follows a space, so that a value may contain spaces
 * (`--host-resolver-rules=MAP www.example.com 127.0.0.1:8080`).
 */
export function chromiumArgsFromEnv(value: string | undefined): string[] {
  const text = value?.trim() ?? '';
  return text ? text.split(/\s+(?=--)/) : [];
}

export function chromiumPath(): string {
  const path = process.env.TEMOIN_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(
      `no Chromium at ${path}: install it (apt-get install chromium on Debian or Ubuntu) or set TEMOIN_CHROMIUM to its path`,
    );
  return path;
}

async function playwright(): Promise<typeof import('playwright-core')> {
  try {
    return await import('playwright-core');
  } catch {
    throw new Error(`temoin scan drives Chromium with playwright-core, which is not installed: ${INSTALL_PLAYWRIGHT}`);
  }
}

/** Chromium refuses to start as root with its sandbox; saying so beats its own message. */
const SANDBOX_AS_ROOT =
  "Chromium's sandbox does not run as root: run temoin scan as another user, or pass --no-sandbox (a container or CI job that runs as root, scanning sites you trust)";

/** Starts Chromium; `sandbox: false` only when the caller asked for it (`--no-sandbox`). */
export async function launchChromium(extraArgs: readonly string[], { sandbox = true }: { sandbox?: boolean } = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  const { chromium } = await playwright();
  if (sandbox && process.getuid?.() === 0 && !extraArgs.includes('--no-sandbox')) throw new Error(SANDBOX_AS_ROOT);
  try {
    return await chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS, ...(sandbox ? [] : ['--no-sandbox']), ...extraArgs] });
  } catch (problem) {
    const message = problem instanceof Error ? problem.message.split('\n')[0] ?? '' : String(problem);
    throw new Error(`Chromium (${executablePath}) did not start: ${message}`);
  }
}
