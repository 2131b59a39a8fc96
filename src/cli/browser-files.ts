/**
 * The script-tag build's files in a folder: which are Témoin's, which are this version's, and
 * putting this version's in a site's folder in place of an earlier one's. A hashed name is
 * Témoin's only when its content gives that name (the build names each file by its SHA-256), so a
 * file of the site's own is never taken for one, whatever it is called.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CORE_FILE, PART_FILE, coreFile, partFile } from '../part-file';
import { partIntegrity, subresourceIntegrity } from '../script-tag';

/** The core's stable name, which an install by hand copied too; Témoin's tag names the hashed one. */
export const STABLE_CORE = 'temoin.min.js';

/** Far above any file of the build: a larger file with a Témoin-like name is not read, and not Témoin's. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

const sha256 = (content: Uint8Array) => createHash('sha256').update(content).digest('base64');

/** Whether `name`, holding `content`, is a file of Témoin's script-tag build (of any version). */
export function isTemoinFile(name: string, content: Uint8Array): boolean {
  if (name === STABLE_CORE) return true;
  if (CORE_FILE.test(name)) return coreFile(sha256(content)) === name;
  const part = PART_FILE.exec(name)?.[1];
  return part !== undefined && partFile(part, sha256(content)) === name;
}

export interface BrowserFiles {
  /** The core's hashed name. */
  core: string;
  /** The core's Subresource Integrity value. */
  integrity: string;
  /** The UI part (the banner's), and the Subresource Integrity value the core pins for it, which a preload must name too. */
  ui: { file: string; integrity: string };
  /** Every file, the core first, then the parts by name. */
  files: Map<string, Buffer>;
}

/** A regular file's content, or null for anything else (a folder, a link) or a file too large to be Témoin's. */
async function regularFile(path: string): Promise<Buffer | null> {
  const stat = await lstat(path);
  return stat.isFile() && stat.size <= MAX_FILE_BYTES ? readFile(path) : null;
}

/** Témoin's files in `folder`, by name (none when the folder does not exist). */
export async function temoinFilesIn(folder: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw problem;
  }
  for (const name of names.sort()) {
    if (name !== STABLE_CORE && !CORE_FILE.test(name) && !PART_FILE.test(name)) continue;
    const content = await regularFile(join(folder, name));
    if (content && isTemoinFile(name, content)) found.set(name, content);
  }
  return found;
}

/**
 * The files a page needs from a build's folder (the package's `dist/`): the hashed core and the
 * parts. Throws when there is no single hashed core: the package is broken or not built.
 */
export async function browserFilesOf(dist: string): Promise<BrowserFiles> {
  const all = await temoinFilesIn(dist);
  const cores = [...all.keys()].filter((name) => CORE_FILE.test(name));
  const [core] = cores;
  const coreContent = core === undefined ? undefined : all.get(core);
  if (cores.length !== 1 || core === undefined || coreContent === undefined)
    throw new Error(`${dist} holds ${cores.length} hashed cores (temoin.<hash>.min.js) where one was expected: reinstall temoin`);
  const files = new Map([[core, coreContent]]);
  for (const [name, content] of all) if (PART_FILE.test(name)) files.set(name, content);
  const uis = [...files].filter(([name]) => PART_FILE.exec(name)?.[1] === 'ui');
  const [ui] = uis;
  if (uis.length !== 1 || ui === undefined) throw new Error(`${dist} holds ${uis.length} UI parts (temoin-ui.<hash>.min.js) where one was expected: reinstall temoin`);
  return { core, integrity: subresourceIntegrity(coreContent), ui: { file: ui[0], integrity: partIntegrity(ui[1]) }, files };
}

export interface InstallChanges {
  copied: string[];
  /** This version's files already in the folder, unchanged. */
  kept: string[];
  /** An earlier version's files, removed. */
  removed: string[];
}

/**
 * Puts `wanted` in `folder` (created if missing): each file written under a temporary name, then
 * renamed, so that a server never sends half a file under a name it may cache for a year; then
 * removes Témoin's files that are not among them. Nothing else in the folder is touched.
 */
export async function putFiles(folder: string, wanted: Map<string, Buffer>): Promise<InstallChanges> {
  await mkdir(folder, { recursive: true });
  const present = await temoinFilesIn(folder);
  const changes: InstallChanges = { copied: [], kept: [], removed: [] };
  for (const [name, content] of wanted) {
    if (present.get(name)?.equals(content)) {
      changes.kept.push(name);
      continue;
    }
    const temporary = join(folder, `.${name}.${process.pid}.tmp`);
    await writeFile(temporary, content, { mode: 0o644 });
    await rename(temporary, join(folder, name));
    changes.copied.push(name);
  }
  for (const name of present.keys())
    if (!wanted.has(name)) {
      await rm(join(folder, name));
      changes.removed.push(name);
    }
  return changes;
}
