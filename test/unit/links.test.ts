// @vitest-environment node
/// <reference types="node" />
/**
 * Every relative link in every Markdown file of the repository resolves: the file or folder it
 * names exists, and its `#anchor`, in a Markdown file, is a heading of that file as GitHub slugs
 * it (or an `id`/`name` of an HTML element). Links with a scheme (`https:`, `mailto:`) are not
 * followed. Code blocks and inline code are not read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './docs-blocks';

/** Folders that hold no Markdown of the repository's own: dependencies, builds, local outputs. */
const SKIPPED = new Set(['node_modules', 'dist', 'screenshots', 'results', 'coverage', 'temoin-ledger', 'temoin-scan']);

function markdownFiles(dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...markdownFiles(path));
    else if (entry.name.endsWith('.md')) files.push(path);
  }
  return files;
}

/** The text outside fenced code blocks, with inline code spans blanked (their backticks kept apart). */
function prose(text: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker?.startsWith(fence.charAt(0)) && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      lines.push('');
    } else if (marker) {
      fence = marker;
      lines.push('');
    } else lines.push(line);
  }
  return lines.join('\n');
}

const withoutCode = (line: string) => line.replace(/(`+)[\s\S]*?\1/g, '');

/** GitHub's anchor for a heading: its text, lowercased, without punctuation, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file offers: its headings' slugs (`-1`, `-2` for repeats), and HTML ids. */
function anchors(text: string): Set<string> {
  const found = new Set<string>();
  const counts = new Map<string, number>();
  for (const line of prose(text).split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const base = slug(heading);
      const seen = counts.get(base) ?? 0;
      counts.set(base, seen + 1);
      found.add(seen ? `${base}-${String(seen)}` : base);
    }
    for (const [, id] of line.matchAll(/<[a-z]+[^>]*\s(?:id|name)="([^"]+)"/gi)) if (id) found.add(id);
  }
  return found;
}

/** The relative link targets of a Markdown file: inline links and images, reference definitions, HTML `href` and `src`. */
function links(text: string): string[] {
  const targets: string[] = [];
  for (const raw of prose(text).split('\n')) {
    const line = withoutCode(raw);
    for (const [, target] of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) if (target) targets.push(target);
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line)?.[1];
    if (definition) targets.push(definition);
    for (const [, target] of line.matchAll(/\s(?:href|src)="([^"]+)"/g)) if (target) targets.push(target);
  }
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe('relative links in the Markdown files', () => {
  const files = markdownFiles();

  it("finds the repository's Markdown files", () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'docs/installing.md']));
  });

  it.each(files)('%s: every relative link resolves', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const broken: string[] = [];
    for (const target of links(text)) {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const linked = path ? normalize(join(dirname(file), decodeURIComponent(path))) : file;
      if (relative(ROOT, join(ROOT, linked)).startsWith('..')) {
        broken.push(`${target}: outside the repository`);
        continue;
      }
      if (!existsSync(join(ROOT, linked))) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor === undefined || !linked.endsWith('.md') || statSync(join(ROOT, linked)).isDirectory()) continue;
      if (!anchors(readFileSync(join(ROOT, linked), 'utf8')).has(decodeURIComponent(anchor))) broken.push(`${target}: no such anchor in ${linked}`);
    }
    expect(broken).toEqual([]);
  });
});

describe('GitHub anchors', () => {
  it.each([
    ['Proof of consent: `recordEndpoint`', 'proof-of-consent-recordendpoint'],
    ["What \"set by\" means, and its limits", 'what-set-by-means-and-its-limits'],
    ['Pointing Témoin at it', 'pointing-témoin-at-it'],
    ['A fallback when a category is refused: `!category`', 'a-fallback-when-a-category-is-refused-category'],
    ['Where the tag goes: synchronous, `defer` or `async`', 'where-the-tag-goes-synchronous-defer-or-async'],
    ['Running it for real: systemd, nginx, Caddy', 'running-it-for-real-systemd-nginx-caddy'],
    ['`wait_for_update`', 'wait_for_update'],
    ['report.json', 'reportjson'],
  ])('%s → #%s', (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });
});
