/**
 * The preloader `temoin install` prints beside the core's tag: on a first visit the banner's part
 * is asked for at once and fetched once, the core taking what was preloaded (same integrity, same
 * CORS mode); a returning visitor's page asks for no such part.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../browser/harness.mjs';
import { PART_FILE } from '../../../src/part-file.js';
import { partIntegrity, preloaderTag } from '../../../src/script-tag.js';
import { scenario } from '../scenario.mjs';
import { BANNER, bannerButton } from '../markup.mjs';

const dist = join(ROOT, 'dist');
const ui = readdirSync(dist).find((file) => PART_FILE.exec(file)?.[1] === 'ui');
const integrity = partIntegrity(readFileSync(join(dist, ui)));
const TAGS = `<script async src="/dist/temoin.min.js"></script>\n${preloaderTag({ src: `/dist/${ui}`, integrity })}`;

scenario("the preloader: the banner's part fetched once on a first visit, never on a returning one", async ({ site, open, settled }) => {
  const url = site.page({ config: { revision: 1 }, script: TAGS });
  // The site's log holds the other scenarios' requests too.
  const earlier = site.requested('/dist/temoin-ui.').length;
  const fetched = () => site.requested('/dist/temoin-ui.').slice(earlier);
  const page = await open(url);
  await page.shown(BANNER);
  await settled(page);
  const preloads = () => page.evaluate(() => [...document.querySelectorAll('link[rel=preload]')].map((link) => new URL(link.href).pathname));
  assert.deepEqual(await preloads(), [`/dist/${ui}`], 'the preloader asked for the part');
  assert.deepEqual(fetched(), [`/dist/${ui}`], 'fetched once: the core took the preloaded part');

  await page.click(bannerButton('reject-all'));
  await page.waitFor(() => document.cookie.includes('temoin-checked='), undefined, 'the checked configuration remembered');
  await page.nextDocument(() => page.reload());
  await page.waitFor(() => window.Temoin?.getRecord()?.method === 'reject-all', undefined, 'the decision read');
  await settled(page);
  assert.equal(await page.has(BANNER), false, 'no banner');
  assert.deepEqual(await preloads(), [], 'no preload');
  assert.deepEqual(fetched(), [`/dist/${ui}`], 'no banner part on the returning visit');
});
