/**
 * consent.json: a Témoin configuration with the built-in categories, each one's `cookies`, `storage`
 * and `vendors` filled from what the scan classified in any visit. Cookies and keys are written as
 * the catalogue names them (`_ga_*`, not `_ga_ABC123`), so that withdrawal clears every variant.
 * Témoin itself is left out: its cookie is `cookie.name`, not a category's. Unclassified items are
 * not guessed into a category: they are in the report only.
 */
import type { CategoryConfig, TemoinConfig, Vendor } from '../core/types';
import type { Catalogue } from './catalogue';
import { allVisits, type Report } from './report';
import { CATEGORIES, type Category } from './types';

/** The catalogue entry of Témoin itself. */
export const TEMOIN_SERVICE = 'temoin';

export function consentConfig(report: Report, catalogue: Catalogue): TemoinConfig {
  const services = new Map(catalogue.services.map((s) => [s.id, s]));
  const found = new Map<Category, { cookies: Set<string>; storage: Set<string>; vendors: Map<string, Vendor> }>(
    CATEGORIES.map((c) => [c, { cookies: new Set(), storage: new Set(), vendors: new Map() }]),
  );
  const add = (serviceId: string | null, list: 'cookies' | 'storage' | null, name: string | null) => {
    const service = serviceId === null ? undefined : services.get(serviceId);
    if (!service || service.id === TEMOIN_SERVICE) return;
    const entry = found.get(service.category);
    if (!entry) return;
    if (list && name) entry[list].add(name);
    entry.vendors.set(service.vendor, service.privacyPolicyUrl ? { name: service.vendor, privacyPolicyUrl: service.privacyPolicyUrl } : { name: service.vendor });
  };
  for (const visit of allVisits(report)) {
    for (const c of visit.cookies) add(c.service, 'cookies', c.matched);
    for (const s of visit.storage) add(s.service, 'storage', s.matched);
    for (const h of visit.hosts) add(h.service, null, null);
  }

  const categories: Record<string, CategoryConfig> = {};
  for (const category of CATEGORIES) {
    const entry = found.get(category);
    const settings: CategoryConfig = category === 'necessary' ? { required: true } : {};
    if (entry?.cookies.size) settings.cookies = [...entry.cookies].sort();
    if (entry?.storage.size) settings.storage = [...entry.storage].sort();
    if (entry?.vendors.size) settings.vendors = [...entry.vendors.values()].sort((a, b) => a.name.localeCompare(b.name));
    // As in the built-in configuration: Global Privacy Control turns advertising off.
    if (category === 'advertising') settings.gpcOptOut = true;
    categories[category] = settings;
  }
  return { revision: 1, categories };
}
