/**
 * The auditor's lines in docs/ledger.md, taken from the page as a reader copies them, run against
 * a real `temoin export`: they confirm an untouched chain and end on the anchor `temoin verify
 * --print-anchor` prints, name the seq of an edited or missing line, check a purged ledger from its
 * marker, and check anchors written down earlier.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, proof, serve, tempFolder, temoin } from './support/temoin';

const run = promisify(execFile);
const page = readFileSync(new URL('../../docs/ledger.md', import.meta.url), 'utf8');
/** The code block of the page marked `audit` in that language. */
const block = (language: string) => {
  const code = new RegExp('```' + language + ' audit\\n([\\s\\S]*?)```').exec(page)?.[1];
  if (!code) throw new Error(`docs/ledger.md has no \`\`\`${language} audit block`);
  return code;
};

/** The system's Python 3 itself where it is (a version manager's `python3` shim can take seconds to start). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const AUDITORS = [
  ['Node', 'audit.mjs', process.execPath],
  ['Python', 'audit.py', PYTHON],
] as const;
/** Each check starts an interpreter; allow for a busy machine. */
const SLOW = 20_000;

let folder: string;
let data: string;
let ndjson: string;
beforeAll(async () => {
  folder = tempFolder();
  data = join(folder, 'ledger');
  writeFileSync(join(folder, 'audit.mjs'), block('js'));
  writeFileSync(join(folder, 'audit.py'), block('python'));
  const server = await serve(['--data', data]);
  // Text a canonical form could get wrong: accents, quotes, a backslash, a tab, a non-BMP character.
  for (const overrides of [{}, { url: 'https://www.example.com/café/"x"\\y' }, { userAgent: 'Agent "quoted" \\ (ünï) 🍪', language: 'fr-CA' }, { method: 'reject-all', granted: [], refused: ['performance'] }])
    expect((await post(server.url, proof(overrides))).status).toBe(201);
  await server.stop();
  ndjson = (await temoin(['export', '--data', data])).stdout;
}, 60_000);
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Runs an auditor on `text` (an export); its status and output. */
async function audit(program: string, interpreter: string, text: string, ...args: string[]) {
  const file = join(folder, `export-${String(Math.random()).slice(2)}.ndjson`);
  writeFileSync(file, text);
  try {
    const { stdout } = await run(interpreter, [join(folder, program), file, ...args]);
    return { ok: true, output: stdout };
  } catch (problem) {
    return { ok: false, output: (problem as { stderr: string }).stderr };
  }
}

describe.each(AUDITORS)('the auditor’s %s lines', (_, program, interpreter) => {
  it('confirm the chain of a real export, ending on the anchor verify prints', async () => {
    const anchor = (await temoin(['verify', '--data', data, '--print-anchor'])).stdout;
    expect(anchor).toMatch(/^4:[0-9a-f]{64}\n$/);
    expect(await audit(program, interpreter, ndjson)).toEqual({ ok: true, output: `the chain holds; last entry ${anchor}` });
  }, SLOW);

  it('name the seq of an edited line', async () => {
    const tampered = ndjson.replace('"reject-all"', '"accept-all"');
    expect(tampered).not.toBe(ndjson);
    const result = await audit(program, interpreter, tampered);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('the chain breaks at seq 4');
  }, SLOW);

  it('name the seq of a deleted line', async () => {
    const lines = ndjson.split('\n');
    const result = await audit(program, interpreter, [...lines.slice(0, 1), ...lines.slice(2)].join('\n'));
    expect(result).toMatchObject({ ok: false, output: expect.stringContaining('the chain breaks at seq 2: it is missing') as unknown });
  }, SLOW);
});

describe('after a purge', () => {
  it('the auditors check what remains from its marker, and the anchors written down before', async () => {
    const purged = join(folder, 'purged');
    let server = await serve(['--data', purged]);
    for (let i = 0; i < 4; i++) await post(server.url, proof());
    await server.stop();
    const removed = (await temoin(['export', '--data', purged])).stdout.trim().split('\n').map((line) => JSON.parse(line) as { seq: number; hash: string });
    expect((await temoin(['purge', '--data', purged, '--older-than-days', '0'])).stdout).toMatch(/^purged 4 entries/);
    server = await serve(['--data', purged]);
    for (let i = 0; i < 2; i++) await post(server.url, proof());
    await server.stop();
    const remaining = (await temoin(['export', '--data', purged])).stdout;
    const lines = remaining.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([5, 6, 7]);
    const last = JSON.parse(lines.at(-1) ?? '') as { hash: string };
    const anchor = (hash: string, seq: number) => `${seq}:${hash}`;
    for (const [, program, interpreter] of AUDITORS) {
      expect(await audit(program, interpreter, remaining)).toEqual({ ok: true, output: `the chain holds; last entry 7:${last.hash}\n` });
      // Written down before the purge: removed by it, the last one with the hash its marker names.
      expect(await audit(program, interpreter, remaining, anchor(removed[1]?.hash ?? '', 2))).toMatchObject({ ok: true });
      expect(await audit(program, interpreter, remaining, anchor(removed[3]?.hash ?? '', 4))).toMatchObject({ ok: true });
      expect(await audit(program, interpreter, remaining, anchor('f'.repeat(64), 4))).toMatchObject({ ok: false });
      expect(await audit(program, interpreter, remaining, anchor(last.hash, 7))).toMatchObject({ ok: true });
      // An anchor past the end: the ledger was cut.
      expect(await audit(program, interpreter, remaining, anchor(last.hash, 8))).toMatchObject({ ok: false });
      // Without its marker, nothing says where the rest starts.
      expect(await audit(program, interpreter, lines.slice(1).join('\n'))).toMatchObject({ ok: false, output: expect.stringContaining('the chain breaks at seq 1') as unknown });
    }
  }, 6 * SLOW);
});
