/**
 * Rollup/Vite plugin giving code a few built-in texts without bundling whole locale files, which
 * stay one lazily loaded file per language:
 * - `import labels from 'temoin:labels/<key>'`: `{ en: …, fr: … }`, one top-level string of every
 *   locale file (the core's reopen button);
 * - `import texts from 'temoin:texts/<path>,<path>…'`: `{ en: {…}, fr: {…} }`, the texts at those
 *   dotted paths of each language's locale file (regional variants left out), as a tree (the first
 *   layer, which must never show without its words, carries its own).
 * A regional variant (`fr-CA.json`) holds only what differs from its language: it may leave a key out.
 */
import { readdirSync, readFileSync } from 'node:fs';

const LABELS = 'temoin:labels/';
const TEXTS = 'temoin:texts/';
const dir = new URL('../locales/', import.meta.url);

const locales = () =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file.slice(0, -5), JSON.parse(readFileSync(new URL(file, dir), 'utf8'))]);

/** The subtree of `texts` made of the given dotted paths (those present). */
function subset(texts, paths) {
  const tree = {};
  for (const path of paths) {
    const keys = path.split('.');
    const value = keys.reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), texts);
    if (value === undefined) continue;
    let at = tree;
    for (const key of keys.slice(0, -1)) at = at[key] ??= {};
    at[keys.at(-1)] = value;
  }
  return tree;
}

export default function localeLabels() {
  return {
    name: 'locale-labels',
    resolveId: (id) => (id.startsWith(LABELS) || id.startsWith(TEXTS) ? `\0${id}` : null),
    load(id) {
      if (id.startsWith(`\0${TEXTS}`)) {
        const paths = id.slice(TEXTS.length + 1).split(',');
        const languages = locales().filter(([language]) => !language.includes('-'));
        return `export default ${JSON.stringify(Object.fromEntries(languages.map(([language, texts]) => [language, subset(texts, paths)])))};`;
      }
      if (!id.startsWith(`\0${LABELS}`)) return null;
      const key = id.slice(LABELS.length + 1);
      const labels = {};
      for (const [language, texts] of locales()) {
        if (typeof texts[key] === 'string') labels[language] = texts[key];
        else if (!language.includes('-') || key in texts) this.error(`locales/${language}.json: "${key}" must be a string`);
      }
      return `export default ${JSON.stringify(labels)};`;
    },
  };
}
