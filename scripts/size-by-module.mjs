/**
 * `node scripts/size-by-module.mjs [entry…]`: which source module pays how many bytes of a
 * browser file. Builds each entry (default: the script-tag core, src/browser.ts) minified as
 * `npm run build` does, with a source map, and gives each module the minified characters mapped
 * to it, with its pro-rata share of the file's brotli bytes (compression is not additive: the
 * share is an estimate; the file's total is exact). For deciding what leaves a file, not for gates.
 */
import { brotliCompressSync, constants } from 'node:zlib';
import { rollup } from 'rollup';
import { SourceMapConsumer } from 'source-map';
import { plugins } from '../rollup.config.mjs';

const entries = process.argv.slice(2);
for (const input of entries.length ? entries : ['src/browser.ts']) {
  const bundle = await rollup({ input, plugins: plugins(true, './tsconfig.json', true), onwarn: () => undefined });
  const [chunk] = (await bundle.generate({ format: 'iife', name: 'Measured', sourcemap: true })).output;
  const lines = chunk.code.split('\n');
  const mappings = [];
  const consumer = await new SourceMapConsumer(chunk.map);
  consumer.eachMapping((mapping) => mappings.push(mapping), null, SourceMapConsumer.GENERATED_ORDER);
  const bytes = new Map();
  mappings.forEach((mapping, i) => {
    const next = mappings[i + 1];
    const end = next?.generatedLine === mapping.generatedLine ? next.generatedColumn : (lines[mapping.generatedLine - 1] ?? '').length;
    const source = (mapping.source ?? '(no source)').replace(/^.*?\/(src|node_modules|locales)\//, '$1/');
    bytes.set(source, (bytes.get(source) ?? 0) + end - mapping.generatedColumn);
  });
  const brotli = brotliCompressSync(chunk.code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${input}: ${chunk.code.length} B minified, ${brotli} B brotli`);
  for (const [source, size] of [...bytes].sort((a, b) => b[1] - a[1]))
    console.log(`${String(size).padStart(7)}${String(Math.round((size / chunk.code.length) * brotli)).padStart(7)}  ${source}`);
  await bundle.close();
}
