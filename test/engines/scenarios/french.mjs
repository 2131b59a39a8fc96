/** French: a page in French gets the banner in French, and the switcher changes the language in place. */
import assert from 'node:assert/strict';
import { scenario } from '../scenario.mjs';
import { BANNER, bannerButton } from '../markup.mjs';

/** The banner's language, title and button labels. */
const banner = (page) =>
  page.evaluate(() => {
    const section = window.__probe.find('temoin-consent >> section.banner');
    return {
      lang: section.closest('[lang]').lang,
      title: section.querySelector('h2').textContent,
      actions: Array.from(section.querySelectorAll('.actions button'), (b) => b.textContent),
    };
  });

scenario('a lang="fr" page shows the banner in French; the switcher turns it English and back, and the language is in the record', async ({ site, open }) => {
  const page = await open(site.page({ config: { revision: 1 }, lang: 'fr' }));
  await page.shown(BANNER);
  const french = { lang: 'fr', title: 'Vos choix de confidentialité', actions: ['Tout accepter', 'Tout refuser', 'Personnaliser'] };
  assert.deepEqual(await banner(page), french);

  await page.click(`${BANNER} button.language[lang="en"]`);
  await page.waitFor(() => window.__probe.find('temoin-consent >> section.banner h2')?.textContent === 'Your privacy choices', undefined, 'English');
  assert.deepEqual(await banner(page), { lang: 'en', title: 'Your privacy choices', actions: ['Accept all', 'Reject all', 'Customize'] });
  assert.equal(await page.attribute(`${BANNER} button.language[lang="en"]`, 'aria-pressed'), 'true');

  await page.click(`${BANNER} button.language[lang="fr"]`);
  await page.waitFor(() => window.__probe.find('temoin-consent >> section.banner h2')?.textContent === 'Vos choix de confidentialité', undefined, 'French again');
  assert.deepEqual(await banner(page), french);
  await page.click(bannerButton('reject-all'));
  await page.waitFor(() => window.Temoin.getRecord(), undefined, 'the decision');
  assert.equal((await page.record()).language, 'fr');
});
