/**
 * cookies.en.md and cookies.fr.md: the table a privacy policy needs (name, provider, purpose,
 * lifetime, category) for every cookie and storage key the scan classified, in any visit, with the
 * lifetime the vendor documents (else the one observed), and the purpose of that one item when the
 * catalogue gives it (else the service's). On a site that runs Témoin, Témoin's own cookie and
 * keys are listed whether or not this scan saw them written: each is written only in some cases
 * (a notice closed, a proof not yet delivered). What the catalogue does not know follows the
 * table, for the site owner to describe.
 */
import en from '../../locales/en.json';
import fr from '../../locales/fr.json';
import type { Catalogue, ItemPurpose, Service } from './catalogue';
import { TEMOIN_SERVICE } from './consent-config';
import { lifetimeInWords, observedLifetime, type Language } from './lifetime';
import { cell, code, table } from './markdown';
import { allVisits, TEMOIN_COOKIE, type Report } from './report';
import { CATEGORIES } from './types';

/** The cookie in which Témoin remembers the configurations it found valid (src/core/checked.ts). */
const CHECKED_COOKIE = 'temoin-checked';

const TEXTS = {
  en: {
    title: 'Cookies and similar technologies',
    intro: (site: string, date: string) => `What ${site} stores on your device, as found by \`temoin scan\` on ${date}.`,
    header: ['Name', 'Provider', 'Purpose', 'Lifetime', 'Category'],
    observed: (words: string) => `${words} (observed)`,
    local: 'until deleted (localStorage)',
    session: 'until the tab closes (sessionStorage)',
    unclassified: 'Not in Témoin’s catalogue: describe these yourself before publishing the table:',
    locale: en,
  },
  fr: {
    title: 'Cookies et technologies similaires',
    intro: (site: string, date: string) => `Ce que ${site} enregistre sur votre appareil, d’après \`temoin scan\` du ${date}.`,
    header: ['Nom', 'Fournisseur', 'Finalité', 'Durée de conservation', 'Catégorie'],
    observed: (words: string) => `${words} (constatée)`,
    local: 'jusqu’à effacement (localStorage)',
    session: 'jusqu’à la fermeture de l’onglet (sessionStorage)',
    unclassified: 'Absents du catalogue de Témoin : décrivez-les vous-même avant de publier le tableau :',
    locale: fr,
  },
} as const;

interface Row {
  category: number;
  name: string;
  cells: string[];
}

export function cookieTable(report: Report, catalogue: Catalogue, language: Language): string {
  const t = TEXTS[language];
  const services = new Map(catalogue.services.map((s) => [s.id, s]));
  const rows = new Map<string, Row>();
  const unclassified = new Set<string>();
  const row = (service: Service, name: string, lifetime: string, purpose: ItemPurpose = service.purpose) => ({
    category: CATEGORIES.indexOf(service.category),
    name,
    cells: [
      code(name),
      cell(service.vendor === service.name ? service.vendor : `${service.vendor} (${service.name})`),
      cell(purpose[language]),
      cell(lifetime),
      cell(t.locale.categories[service.category].title),
    ],
  });
  const cookieLifetime = (documented: string | null | undefined, expires: string | null) =>
    documented ? lifetimeInWords(documented, language) : t.observed(observedLifetime(expires, report.scannedAt, language));

  for (const visit of allVisits(report)) {
    for (const c of visit.cookies) {
      const service = c.service === null ? undefined : services.get(c.service);
      if (!service || c.matched === null) {
        unclassified.add(c.name);
        continue;
      }
      const rule = service.cookies.find((r) => r.name === c.matched);
      // Témoin's cookie under the name the site gave it.
      const name = service.id === TEMOIN_SERVICE ? c.name : c.matched;
      const key = `cookie ${service.id} ${c.matched}`;
      if (!rows.has(key)) rows.set(key, row(service, name, cookieLifetime(rule?.lifetime, c.expires), rule?.purpose));
    }
    for (const s of visit.storage) {
      const service = s.service === null ? undefined : services.get(s.service);
      if (!service || s.matched === null) {
        unclassified.add(s.key);
        continue;
      }
      const rule = service.storage.find((r) => r.key === s.matched);
      const name = service.id === TEMOIN_SERVICE ? s.key : s.matched;
      const key = `${s.area} ${service.id} ${s.matched}`;
      if (!rows.has(key)) rows.set(key, row(service, name, s.area === 'localStorage' ? t.local : t.session, rule?.purpose));
    }
  }
  const temoin = report.consentCookie === null ? undefined : services.get(TEMOIN_SERVICE);
  if (temoin && report.consentCookie !== null) {
    // Named after the site's cookie name: `temoin-notice` is `<cookie name>-notice`; except the
    // record of checked configurations, read before the configuration (and its cookie name) is.
    const renamed = (name: string) => (name === CHECKED_COOKIE ? name : `${report.consentCookie ?? ''}${name.slice(TEMOIN_COOKIE.length)}`);
    for (const rule of temoin.cookies)
      if (!rows.has(`cookie ${temoin.id} ${rule.name}`)) rows.set(`cookie ${temoin.id} ${rule.name}`, row(temoin, renamed(rule.name), cookieLifetime(rule.lifetime, null), rule.purpose));
    // Témoin keeps its keys in localStorage.
    for (const rule of temoin.storage)
      if (!rows.has(`localStorage ${temoin.id} ${rule.key}`)) rows.set(`localStorage ${temoin.id} ${rule.key}`, row(temoin, renamed(rule.key), t.local, rule.purpose));
  }

  const sorted = [...rows.values()].sort((a, b) => a.category - b.category || a.name.localeCompare(b.name));
  const date = report.scannedAt.slice(0, 10);
  const parts = [`# ${t.title}`, t.intro(report.site, date), table(t.header, sorted.map((r) => r.cells))];
  if (unclassified.size) parts.push(`${t.unclassified}\n\n${[...unclassified].sort().map((name) => `- ${code(name)}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}
