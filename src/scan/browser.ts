/**
 * Starting Chromium: the system's (`/usr/bin/chromium`, or `TEMOIN_CHROMIUM`), driven by
 * playwright-core, an optional peer dependency loaded only when a scan runs. Nothing is ever
 * downloaded: without a browser or without playwright-core, the error says how to install it.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Headless, no sandbox (containers, CI), and nothing running in the background that would add requests of Chromium's own. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
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

export async function launchChromium(extraArgs: readonly string[]): Promise<Browser> {
  const executablePath = chromiumPath();
  const { chromium } = await playwright();
  try {
    return await chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS, ...extraArgs] });
  } catch (problem) {
    const message = problem instanceof Error ? problem.message.split('\n')[0] ?? '' : String(problem);
    throw new Error(`Chromium (${executablePath}) did not start: ${message}`);
  }
}
