/**
 * The configuration reference in docs/configuration.md, generated from config.schema.json so the
 * two never drift: every key with its path (`cookie.expiresDays`, `categories.<id>.cookies`),
 * type, default and description.
 *
 *   node scripts/config-reference.mjs           prints the section
 *   node scripts/config-reference.mjs --write   replaces it in docs/configuration.md, between the markers
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const START = '<!-- config-reference:start -->';
const END = '<!-- config-reference:end -->';
const GUIDE = new URL('../docs/configuration.md', import.meta.url);
const SCHEMA = new URL('../config.schema.json', import.meta.url);

/** Defaults longer than this are shown in the built-in configuration above the table instead. */
const SHORT_DEFAULT = 40;
/** Where a configuration in a project finds the schema, as the docs' examples write it. */
const SCHEMA_PATH = './node_modules/temoin/config.schema.json';

const code = (value) => `\`${value}\``;

/** JSON with two-space indents, each object or array on one line where it fits in `width`. */
function pretty(value, indent = '', width = 90) {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const isArray = Array.isArray(value);
  const entries = isArray
    ? value.map((item) => pretty(item, `${indent}  `, width))
    : Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pretty(item, `${indent}  `, width)}`);
  if (!entries.length) return isArray ? '[]' : '{}';
  const line = isArray ? `[${entries.join(', ')}]` : `{ ${entries.join(', ')} }`;
  if (!line.includes('\n') && indent.length + line.length <= width) return line;
  return `${isArray ? '[' : '{'}\n${entries.map((entry) => `${indent}  ${entry}`).join(',\n')}\n${indent}${isArray ? ']' : '}'}`;
}

/** `#/definitions/category` → the definition, with its name. */
const resolve = (schema, node) => {
  if (!node.$ref) return { node, ref: undefined };
  const name = node.$ref.replace('#/definitions/', '');
  const own = Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref'));
  return { node: { ...schema.definitions[name], ...own }, ref: node.$ref };
};

function typeOf(schema, node) {
  const variants = node.oneOf ?? node.anyOf;
  if (variants) return [...new Set(variants.map((variant) => typeOf(schema, resolve(schema, variant).node)))].join(' or ');
  if (node.enum) return node.enum.map((value) => code(JSON.stringify(value))).join(', ');
  if (node.type === 'integer' && node.minimum !== undefined) return `integer from ${node.minimum} to ${node.maximum}`;
  if (node.type === 'array') return `array of ${typeOf(schema, resolve(schema, node.items).node)}s`;
  return node.type;
}

function defaultOf(node) {
  if (node.default === undefined) return '';
  const json = JSON.stringify(node.default);
  return json.length <= SHORT_DEFAULT ? code(json) : 'built-in, above';
}

/**
 * One row per key, depth first. Properties that share one definition (the seven Consent Mode
 * types) make one row named by the definition's title, as do the keys of a map (`<id>`). A
 * definition already being expanded (nested translations) is not expanded again.
 */
function rows(schema, node, path, expanding = new Set()) {
  const result = [];
  const children = (child, childPath, ref) => {
    if (ref && expanding.has(ref)) return;
    const next = new Set(expanding);
    if (ref) next.add(ref);
    result.push({ path: childPath, type: typeOf(schema, child), default: defaultOf(child), description: child.description ?? '' });
    result.push(...rows(schema, child, childPath, next));
  };
  const objects = [node, ...(node.oneOf ?? node.anyOf ?? []).map((variant) => resolve(schema, variant).node)];
  for (const object of objects) {
    const groups = new Map();
    for (const [key, value] of Object.entries(object.properties ?? {}))
      groups.set(value.$ref ?? key, [...(groups.get(value.$ref ?? key) ?? []), [key, value]]);
    for (const group of groups.values()) {
      const [[key, value]] = group;
      const { node: child, ref } = resolve(schema, value);
      children(child, `${path}${path ? '.' : ''}${group.length > 1 ? `<${child.title}>` : key}`, ref);
    }
    if (typeof object.additionalProperties === 'object') {
      const { node: child, ref } = resolve(schema, object.additionalProperties);
      children(child, `${path}.<${child.title ?? 'key'}>`, ref);
    }
    if (object.type === 'array' && object.items) {
      const { node: item, ref } = resolve(schema, object.items);
      if (item.type === 'object') result.push(...rows(schema, item, `${path}[]`, ref ? new Set([...expanding, ref]) : expanding));
    }
  }
  return result;
}

/** The Markdown that goes between the markers. */
export function renderReference(schema) {
  const builtIn = Object.fromEntries(
    Object.entries(schema.properties).flatMap(([key, value]) => (value.default === undefined ? [] : [[key, value.default]])),
  );
  const cell = (text) => text.replaceAll('|', '\\|');
  return [
    `_Generated from \`config.schema.json\` by \`node scripts/config-reference.mjs --write\`: edit the schema, not this section._`,
    '',
    schema.description,
    '',
    'Start a `consent.json` with `"$schema"` to get completion and checks in your editor (the path is relative to the file):',
    '',
    '```json',
    `{\n  "$schema": ${JSON.stringify(SCHEMA_PATH)},\n  "revision": 1\n}`,
    '```',
    '',
    'With no configuration at all, Témoin runs with this built-in one:',
    '',
    '```json',
    pretty(builtIn),
    '```',
    '',
    '| Key | Type | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows(schema, schema, '').map((row) =>
      `| ${code(row.path)} | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.description)} |`,
    ),
  ].join('\n');
}

/** `guide` with the section between the markers replaced by `reference`. */
export function withReference(guide, reference) {
  const start = guide.indexOf(START);
  const end = guide.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md must contain ${START} and, after it, ${END}`);
  return `${guide.slice(0, start + START.length)}\n${reference}\n${guide.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reference = renderReference(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  if (process.argv.includes('--write')) writeFileSync(GUIDE, withReference(readFileSync(GUIDE, 'utf8'), reference));
  else console.log(reference);
}
