/** The dialog by keyboard alone: open it from the banner, switches, Escape, and where focus goes. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { tagged, BANNER, DIALOG, REOPEN } from '../markup.mjs';

/** Describes the focused element: `action:customize`, `switch:performance`, `h2`, … */
const focused = (page) =>
  page.evaluate(() => {
    const element = window.__probe.focused();
    if (!element || element === document.body) return 'body';
    return (
      (element.dataset.action && `action:${element.dataset.action}`) ||
      (element.getAttribute('role') === 'switch' && `switch:${element.dataset.category}`) ||
      element.localName
    );
  });

/** Presses Tab until `wanted` has focus (at most `limit` times); returns the focus path it took. */
async function tabTo(page, wanted, limit = 12) {
  const path = [];
  while (path.length < limit && path.at(-1) !== wanted) {
    await page.press('Tab');
    path.push(await focused(page));
  }
  assert.equal(path.at(-1), wanted, `Tab reaches ${wanted}: ${path.join(', ')}`);
  return path;
}

scenario('keyboard: Customize opens the dialog, its switches are named switches, Space turns one on, Escape closes it, grants nothing and gives focus back', async ({ site, open, settled }) => {
  const vendor = site.vendor();
  const page = await open(site.page({ config: { revision: 1 }, body: `${tagged(vendor)}<p><a href="#more">A link of the page</a></p>` }));
  await page.shown(BANNER);
  await tabTo(page, 'action:customize');
  await page.press('Enter');
  await page.shown(DIALOG);
  await page.waitFor(() => Boolean(window.__probe.focused()?.closest('dialog')), undefined, 'focus inside the dialog');

  const switches = await page.evaluate(() =>
    Array.from(window.__probe.find('temoin-consent >> dialog.dialog').querySelectorAll('[role="switch"]'), (s) => ({
      tag: s.localName,
      checked: s.getAttribute('aria-checked'),
      disabled: s.disabled,
      name: s.getRootNode().getElementById(s.getAttribute('aria-labelledby'))?.textContent.trim(),
    })));
  assert.deepEqual(switches, [
    { tag: 'button', checked: 'true', disabled: true, name: 'Strictly necessary' },
    ...['Performance', 'Advertising', 'Third-party content and social media'].map((name) => ({ tag: 'button', checked: 'false', disabled: false, name })),
  ]);

  const path = await tabTo(page, 'switch:performance');
  assert.ok(path.every((step) => step !== 'action:customize'), 'focus stays in the dialog');
  await page.press('Space');
  await page.waitFor(() => window.__probe.focused().getAttribute('aria-checked') === 'true', undefined, 'the switch to turn on');

  await page.press('Escape');
  await page.gone(DIALOG);
  assert.equal(await focused(page), 'action:customize', 'focus is back on Customize');
  await settled(page);
  assert.equal(await page.record(), null, 'Escape decided nothing');
  assert.deepEqual(vendor.requests(), [], 'nothing was released');
  await page.shown(BANNER);
});

scenario('keyboard on a page with its own Cookie settings link: no floating button after the decision, the next Tab starts at the top of the page, the link opens the dialog and gets focus back', async ({ site, open, settled, idle }) => {
  const page = await open(site.page({ config: { revision: 1 }, body: '<p><a href="#settings" data-temoin="preferences">Cookie settings</a> <a href="#more">A link of the page</a></p>' }));
  await page.shown(BANNER);
  await tabTo(page, 'action:reject-all');
  await page.press('Enter');
  await page.gone(BANNER);
  await page.press('Tab');
  assert.equal(await focused(page), 'a', 'the next Tab lands on the page, not lost');
  assert.equal(await page.evaluate(() => window.__probe.focused().dataset.temoin), 'preferences', 'the first control of the page');
  await settled(page);
  await idle(page);
  assert.equal(await page.has(REOPEN), false, 'the page\'s own link is the way back: no second one floats over it');
  assert.equal(await page.evaluate(() => !!document.querySelector('script[src*="/temoin-reopen."]')), false, 'nor is its part fetched');
  await page.press('Enter');
  await page.shown(DIALOG);
  await page.press('Escape');
  await page.gone(DIALOG);
  assert.equal(await page.evaluate(() => window.__probe.focused()?.dataset.temoin), 'preferences', 'focus is back on the link');
});
