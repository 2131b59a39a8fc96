/**
 * `temoin scan` visits anyone's pages: Chromium keeps its sandbox unless `--no-sandbox` is given.
 * As root, where Chromium cannot have one, the command says so in one line rather than dropping it.
 * (The scans of the local fixtures, in scan-sites.test.ts, pass --no-sandbox when run as root.)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../../src/scan/browser';

const TEMOIN = fileURLToPath(new URL('../../dist/node/temoin.js', import.meta.url));

describe('Chromium’s sandbox', () => {
  it('is kept: the scanner’s own flags do not drop it', () => {
    expect(CHROMIUM_FLAGS).not.toContain('--no-sandbox');
  });

  it.runIf(process.getuid?.() === 0)('as root, scan stops with one line naming --no-sandbox instead of dropping the sandbox', async () => {
    const child = spawn(process.execPath, [TEMOIN, 'scan', 'http://www.example.com/', '--out', '/nonexistent/never-written'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const [status] = (await once(child, 'close')) as [number];
    expect(status).toBe(2);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe(
      "temoin scan: Chromium's sandbox does not run as root: run temoin scan as another user, or pass --no-sandbox (a container or CI job that runs as root, scanning sites you trust)",
    );
  }, 30_000);
});
