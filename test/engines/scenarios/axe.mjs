/** Accessibility: axe-core finds no WCAG 2.2 AA violation in the banner or the dialog, English and French. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { BANNER, DIALOG, bannerButton } from '../markup.mjs';

const AXE = '<script src="/node_modules/axe-core/axe.min.js"></script>';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core on the whole document, shadow roots included: the violations, and which of Témoin's buttons it checked for a name. */
const axe = (page) =>
  page.evaluate(async (tags) => {
    // Once the banner's or the dialog's entrance is over: mid-fade, colours are not yet what a visitor reads.
    await Promise.all(document.querySelector('temoin-consent').shadowRoot.getAnimations().map((animation) => animation.finished));
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'passes'] });
    const inTemoin = (node) => Array.isArray(node.target[0]) && node.target[0][0] === 'temoin-consent';
    return {
      violations: result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })) })),
      namedButtons: (result.passes.find((p) => p.id === 'button-name')?.nodes ?? []).filter(inTemoin).length,
    };
  }, TAGS);

for (const lang of ['en', 'fr'])
  scenario(`axe-core: no WCAG 2.2 AA violation in the banner and in the dialog (${lang})`, async ({ site, open }) => {
    const page = await open(site.page({ config: { revision: 1 }, lang, head: AXE, body: '<p>Some text of the page.</p>' }));
    await page.shown(BANNER);
    const banner = await axe(page);
    assert.deepEqual(banner.violations, [], 'the banner');
    assert.ok(banner.namedButtons >= 5, `axe checked the banner's buttons inside its shadow root (${banner.namedButtons})`);

    await page.click(bannerButton('customize'));
    await page.shown(DIALOG);
    const dialog = await axe(page);
    assert.deepEqual(dialog.violations, [], 'the dialog');
    assert.ok(dialog.namedButtons >= 3 + 3, `axe checked the dialog's switches and buttons (${dialog.namedButtons})`);
  });
