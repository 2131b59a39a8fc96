/**
 * `temoin install --check`: finds Témoin's tags in a page's HTML and says whether the script tag
 * names the installed core with the right Subresource Integrity hash, as a browser would judge
 * it, and whether a preloader names the installed UI part beside it.
 */
import { createHash } from 'node:crypto';
import { CORE_FILE } from '../part-file';
import { PRELOADER } from '../script-tag';
import { STABLE_CORE } from './browser-files';

export interface ScriptTag {
  src: string;
  /** The file the `src` names, without its path, query or fragment. */
  file: string;
  integrity: string | null;
}

/** The page's HTML with its comments left out: a tag in a comment does not run. */
function withoutComments(html: string): string {
  let text = '';
  let at = 0;
  for (;;) {
    const open = html.indexOf('<!--', at);
    if (open < 0) return text + html.slice(at);
    text += html.slice(at, open);
    const close = html.indexOf('-->', open + 4);
    if (close < 0) return text;
    at = close + 3;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
/** An attribute's value with its character references decoded (the named ones a URL or a hash may hold, and numeric ones). */
const decode = (value: string) =>
  value.replace(/&(?:(amp|quot|apos|lt|gt)|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi, (reference, name?: string, decimal?: string, hex?: string) => {
    const code = decimal ? Number(decimal) : hex ? parseInt(hex, 16) : NaN;
    if (name) return ENTITIES[name.toLowerCase()] ?? reference;
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : reference;
  });

/** The attributes of a start tag's text (what follows `<script`), names in lower case; the first of a name wins, as in HTML. */
function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name = '', double, single, bare] of text.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const key = name.toLowerCase();
    if (!found.has(key)) found.set(key, decode(double ?? single ?? bare ?? ''));
  }
  return found;
}

/** The file name at the end of a URL's path. */
function fileOf(src: string): string {
  const path = src.split(/[?#]/, 1)[0] ?? '';
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Each `<script` start tag of `html` (comments left out): its attributes, and where its text ends. */
function* scriptTags(html: string): Generator<{ found: Map<string, string>; text: string; end: number }> {
  const text = withoutComments(html);
  // Each start tag's text, from `<script` to the next `>`, found without backtracking: a page of
  // unclosed tags costs one pass, not one pass per tag.
  const opening = /<script(?=[\s/>])/gi;
  for (let match = opening.exec(text); match; match = opening.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('>', start);
    if (end < 0) break;
    opening.lastIndex = end + 1;
    yield { found: attributes(text.slice(start, end)), text, end };
  }
}

/** Every script tag of `html` that loads Témoin's core (by its hashed or its stable name), in document order. */
export function temoinTags(html: string): ScriptTag[] {
  const tags: ScriptTag[] = [];
  for (const { found } of scriptTags(html)) {
    const src = found.get('src');
    if (src === undefined) continue;
    const file = fileOf(src);
    if (file === STABLE_CORE || CORE_FILE.test(file)) tags.push({ src, file, integrity: found.get('integrity') ?? null });
  }
  return tags;
}

export interface PreloaderTag {
  /** What its `data-temoin-ui` names: the UI part's URL and integrity, separated by a space. */
  part: string;
  /** Its code, up to the next `</script`. */
  code: string;
}

/** Every preloader of `html` (a script with a `data-temoin-ui` attribute), in document order. */
export function preloaderTags(html: string): PreloaderTag[] {
  const tags: PreloaderTag[] = [];
  let lower = '';
  // The next `</script` after the tag, found once for all the tags before it: a page of unclosed
  // preloaders costs one pass too.
  let close = 0;
  for (const { found, text, end } of scriptTags(html)) {
    const part = found.get('data-temoin-ui');
    if (part === undefined) continue;
    lower ||= text.toLowerCase();
    if (close >= 0 && close <= end) close = lower.indexOf('</script', end + 1);
    tags.push({ part, code: text.slice(end + 1, close < 0 ? text.length : close) });
  }
  return tags;
}

const STRENGTH = { sha256: 1, sha384: 2, sha512: 3 } as const;
type Algorithm = keyof typeof STRENGTH;
const isAlgorithm = (name: string): name is Algorithm => Object.hasOwn(STRENGTH, name);

/**
 * Whether a browser would run `content` under this `integrity` attribute: the hashes of the
 * strongest algorithm it names, any of which must match (unknown algorithms are ignored).
 */
export function integrityMatches(integrity: string, content: Uint8Array): boolean {
  const hashes = integrity
    .trim()
    .split(/\s+/)
    .map((token) => /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token))
    .flatMap((match) => (match?.[1] && match[2] && isAlgorithm(match[1]) ? [{ algorithm: match[1], hash: match[2] }] : []));
  if (!hashes.length) return false;
  const strongest = hashes.reduce((best, h) => (STRENGTH[h.algorithm] > STRENGTH[best.algorithm] ? h : best)).algorithm;
  const digest = createHash(strongest).update(content).digest('base64');
  return hashes.some((h) => h.algorithm === strongest && h.hash === digest);
}

/** The directory part of a URL (up to its last `/`, before any query), where the core looks for its parts. */
const folderOf = (src: string) => {
  const path = src.split(/[?#]/, 1)[0] ?? '';
  return path.slice(0, path.lastIndexOf('/') + 1);
};

/**
 * What is wrong with a page's Témoin tags, against the installed core `core` (its name and
 * content) and, when given, the UI part (`ui`: its name and the integrity the core pins), in one
 * line; null when the tags are right. The preloader may be left out (the banner then comes a
 * round trip later); one that is there must name what the core will ask for, or the browser
 * fetches a file for nothing.
 */
export function tagProblem(html: string, core: { name: string; content: Uint8Array; ui?: { file: string; integrity: string } }): string | null {
  const tags = temoinTags(html);
  if (tags.length === 0) return `no Témoin script tag (a <script> whose src names ${core.name})`;
  if (tags.length > 1) return `${tags.length} Témoin script tags (${tags.map((t) => t.file).join(', ')}): keep one`;
  const [tag] = tags as [ScriptTag];
  if (tag.file !== core.name) return `its tag names ${tag.file}, not the installed core ${core.name}`;
  if (tag.integrity === null) return `its tag has no integrity attribute: paste the tag temoin install prints`;
  if (!integrityMatches(tag.integrity, core.content)) return `its tag's integrity does not match ${core.name}: a browser would not run it`;
  if (!core.ui) return null;
  const preloaders = preloaderTags(html);
  if (preloaders.length > 1) return `${preloaders.length} Témoin preloaders (<script data-temoin-ui>): keep one`;
  const [preloader] = preloaders;
  if (!preloader) return null;
  // Split as the preloader splits it.
  const [src = '', integrity = ''] = preloader.part.split(' ');
  if (fileOf(src) !== core.ui.file || integrity !== core.ui.integrity)
    return `its preloader names ${fileOf(src) || 'no file'}${integrity === core.ui.integrity ? '' : ' with another integrity'}, not the installed UI part ${core.ui.file}: paste the tags temoin install prints`;
  if (folderOf(src) !== folderOf(tag.src)) return `its preloader names ${src}, not the folder of its core (${folderOf(tag.src)}): the core would fetch the part again`;
  if (preloader.code.trim() !== PRELOADER) return 'its preloader\'s code is not the one temoin install prints (a Content Security Policy hash of it would not match): paste it again';
  return null;
}
