/**
 * `--config`: what a configuration declares (each category's `cookies` and `storage`) against what
 * the scan saw in any visit. Témoin's own cookie and keys (the configuration's `cookie.name`, its
 * `-notice` and `-proofs` keys, the record of checked configurations) are not something a category
 * declares, so they are left out.
 */
import type { ResolvedConfig } from '../core/types';
import { matches } from './catalogue';
import { TEMOIN_SERVICE } from './consent-config';
import { allVisits, type ConfigDifferences, type Report } from './report';

/** `config` as Témoin runs it: defaults applied (a configuration without `categories` has the built-in ones). */
export function compareWithConfig(report: Report, config: Pick<ResolvedConfig, 'categories'>): ConfigDifferences {
  const visits = allVisits(report);
  const seen = {
    cookie: visits.flatMap((v) => v.cookies.map((c) => ({ name: c.name, service: c.service, category: c.category }))),
    storage: visits.flatMap((v) => v.storage.map((s) => ({ name: s.key, service: s.service, category: s.category }))),
  };
  const declared = Object.entries(config.categories).flatMap(([category, settings]) => [
    ...(settings.cookies ?? []).map((pattern) => ({ category, kind: 'cookie' as const, pattern })),
    ...(settings.storage ?? []).map((pattern) => ({ category, kind: 'storage' as const, pattern })),
  ]);

  const declaredNotSeen = declared.filter((d) => !seen[d.kind].some((s) => matches(d.pattern, s.name)));
  const seenNotDeclared: ConfigDifferences['seenNotDeclared'] = [];
  for (const kind of ['cookie', 'storage'] as const)
    for (const item of seen[kind]) {
      if (item.service === TEMOIN_SERVICE) continue;
      if (declared.some((d) => d.kind === kind && matches(d.pattern, item.name))) continue;
      if (seenNotDeclared.some((s) => s.kind === kind && s.name === item.name)) continue;
      seenNotDeclared.push({ kind, ...item });
    }
  return { declaredNotSeen, seenNotDeclared };
}
