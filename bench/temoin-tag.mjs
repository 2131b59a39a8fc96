/**
 * Témoin's markup in the bench pages' `<head>`, from one place: the tag a site owner is told to
 * paste, as the build describes it. Nothing else in the bench knows how Témoin is put on a page.
 *
 * When a build folder holds `tag.html` (or, for a folder built by the bench from a copy of the
 * sources, the repository's `dist/tag.html`), that file is the markup, first in `<head>`, with:
 * - `{{base}}` replaced by the URL of the folder the build's files are served from (`/dist/`);
 * - `{{config}}` by the bench site's configuration, as JSON;
 * - `{{inline:FILE}}` by the text of FILE in the build folder, for a part the tag carries inline.
 *   Its samples count as Témoin's script time (the profiler names them by the page's address and
 *   line: the bench finds the lines it was written on), and its brotli bytes as the library's
 *   whenever the page itself is sent.
 * Without `tag.html`: today's tag, `temoin.min.js` async and the preloader of the build's UI part
 * (the tags `temoin install` prints, src/script-tag.js), with the configuration inline.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { PART_FILE } from '../src/part-file.js';
import { PRELOADER, partIntegrity, preloaderTag } from '../src/script-tag.js';
import { ROOT } from '../test/browser/harness.mjs';

export const TAG_FILE = 'tag.html';

/**
 * The README's tags with the configuration inline (the placement that waits for no configuration
 * file; docs/installing.md): the core `async`, the preloader of the UI part in `dir` (a build
 * without one, a scheme that joins it into the core, has none), the configuration after them.
 */
function today(dir) {
  const ui = readdirSync(dir).find((file) => PART_FILE.exec(file)?.[1] === 'ui');
  const template = `<script async src="{{base}}temoin.min.js"></script>
  ${ui ? preloaderTag({ src: `{{base}}${ui}`, integrity: partIntegrity(readFileSync(join(dir, ui))) }) : ''}
  <script type="application/json" id="temoin-config">{{config}}</script>`;
  return { template, preloaded: ui ? [PRELOADER] : [] };
}

const brotli = (text) => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** JSON that cannot end the `<script>` element it is written in. */
const scriptSafe = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');

/**
 * Témoin's `<head>` markup for the build in `dir` (a folder on disk) served at `base` (a URL path
 * ending in `/`), with `config`. Returns `{ html, inline, inlineBytes }`: the markup, the code it
 * carries inline (with today's tag, the preloader) and that code's brotli bytes.
 */
export function temoinHead({ dir, base, config }) {
  const own = join(dir, TAG_FILE);
  const repository = join(ROOT, 'dist', TAG_FILE);
  const written = existsSync(own) ? own : existsSync(repository) ? repository : null;
  const { template, preloaded } = written ? { template: readFileSync(written, 'utf8'), preloaded: [] } : today(dir);
  const unknown = template.match(/\{\{(?!base\}\}|config\}\}|inline:[\w.-]+\}\})[^}]*\}\}/);
  if (unknown) throw new Error(`bench: ${TAG_FILE} has a placeholder the bench does not know: ${unknown[0]} (see bench/temoin-tag.mjs)`);
  // The preloader is code the page carries as well.
  const inline = [...preloaded];
  // One pass, so that nothing in an inlined file or the configuration is taken for a placeholder.
  const html = template.replace(/\{\{(base|config|inline:([\w.-]+))\}\}/g, (_, name, file) => {
    if (name === 'base') return base;
    if (name === 'config') return scriptSafe(config);
    const code = readFileSync(join(dir, file), 'utf8');
    inline.push(code);
    return code;
  });
  return { html, inline, inlineBytes: inline.reduce((sum, code) => sum + brotli(code), 0) };
}
