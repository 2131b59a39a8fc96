/**
 * Rollup/Vite plugin: `import labels from 'temoin:labels/<key>'` gives `{ en: …, fr: … }`, one
 * top-level string of every locale file. The core needs a couple of texts (the reopen button's
 * labels) without bundling whole locale files, which stay one lazily loaded file per language.
 * A regional variant (`fr-CA.json`) holds only what differs from its language: it may leave the key out.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PREFIX = 'temoin:labels/';
const dir = new URL('../locales/', import.meta.url);

export default function localeLabels() {
  return {
    name: 'locale-labels',
    resolveId: (id) => (id.startsWith(PREFIX) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const key = id.slice(PREFIX.length + 1);
      const labels = {};
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        const language = file.slice(0, -5);
        const texts = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
        if (typeof texts[key] === 'string') labels[language] = texts[key];
        else if (!language.includes('-') || key in texts) this.error(`locales/${file}: "${key}" must be a string`);
      }
      return `export default ${JSON.stringify(labels)};`;
    },
  };
}
