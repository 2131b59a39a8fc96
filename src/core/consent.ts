import { uuid, type StoredDecision } from './record-codec';
import { strictness, type Jurisdiction } from './regions';
import type { CategoryId, ChangeEvent, ConsentMethod, ConsentRecord, ResolvedConfig } from './types';

/**
 * The consent state, as pure functions: what is allowed, whether a stored decision counts, what a
 * new decision records and what changed. No DOM, no storage: the controller applies the results.
 */

/** What decisions are judged against, fixed for the page once the configuration is checked. */
export interface Context {
  config: ResolvedConfig;
  /** The configuration was rejected: only required categories are allowed (fail closed). */
  failed: boolean;
  jurisdiction: Jurisdiction;
  /** The browser sends Global Privacy Control. */
  gpc: boolean;
}

export const categoryIds = (context: Context): CategoryId[] => Object.keys(context.config.categories);

const category = (context: Context, id: CategoryId) =>
  Object.hasOwn(context.config.categories, id) ? context.config.categories[id] : undefined;

/** Not granted by "Accept all", nor allowed by the opt-out model: the category yields to Global Privacy Control. */
export const refusedByGpc = (context: Context, id: CategoryId): boolean => context.gpc && category(context, id)?.gpcOptOut === true;

/**
 * Whether `id` is allowed now: required categories always; others by the decision in force, or
 * without one by the model (opt-in: none; opt-out: all but what GPC refuses; notice: all).
 * Under opt-out, a Global Privacy Control signal that the browser did not send when the visitor
 * decided is an opt-out of its own, as US state laws read it: it refuses what yields to GPC.
 * Nothing but required categories under a rejected configuration, nothing for an unknown id.
 */
export function isAllowed(context: Context, record: ConsentRecord | null, id: CategoryId): boolean {
  const found = category(context, id);
  if (!found) return false;
  if (found.required) return true;
  if (context.failed) return false;
  const { model } = context.jurisdiction;
  const gpcRefuses = model === 'opt-out' && refusedByGpc(context, id);
  if (record) return record.granted.includes(id) && !(gpcRefuses && !record.gpc);
  return model === 'notice' || (model === 'opt-out' && !gpcRefuses);
}

export const allowedIds = (context: Context, record: ConsentRecord | null): CategoryId[] =>
  categoryIds(context).filter((id) => isAllowed(context, record, id));

/**
 * The stored decision if it counts here and now, else null (the visitor is asked again). It must
 * be for the current revision or a later one, name every category, and have been made under a
 * model at least as strict as the one in force (a refusal given in Europe holds in California; an
 * opt-out given in California does not stand for consent in Europe). One taken while the
 * configuration was rejected counts only as long as a rejected configuration is in force: the
 * visitor never saw the site's real categories.
 */
export function counting(context: Context, stored: StoredDecision | null): ConsentRecord | null {
  if (!stored) return null;
  const { record, checked } = stored;
  const named = (id: CategoryId) => record.granted.includes(id) || record.refused.includes(id);
  return (checked || context.failed) &&
    record.revision >= context.config.revision &&
    categoryIds(context).every(named) &&
    strictness(record.model ?? 'opt-in') >= strictness(context.jurisdiction.model)
    ? record
    : null;
}

/** What "Accept all" grants: every category but those that yield to Global Privacy Control. */
export const acceptAllIds = (context: Context): CategoryId[] => categoryIds(context).filter((id) => !refusedByGpc(context, id));

/**
 * A new decision: `wanted` granted with the required categories, every other category refused.
 * Its id and creation time carry over from the `previous` record of this browser, if any.
 */
export function decide(
  context: Context,
  previous: ConsentRecord | null,
  wanted: CategoryId[],
  method: ConsentMethod,
  language: string,
): ConsentRecord {
  const ids = categoryIds(context);
  const granted = ids.filter((id) => category(context, id)?.required === true || wanted.includes(id));
  // Second precision: what the cookie keeps.
  const time = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const record: ConsentRecord = {
    v: 1,
    id: previous?.id ?? uuid(),
    revision: context.config.revision,
    granted,
    refused: ids.filter((id) => !granted.includes(id)),
    method,
    language,
    createdAt: previous?.createdAt ?? time,
    updatedAt: time,
    jurisdiction: context.jurisdiction.key,
    model: context.jurisdiction.model,
  };
  if (context.gpc) record.gpc = true;
  return record;
}

/** Categories allowed `after` and not `before`, and the reverse. */
export const difference = (before: CategoryId[], after: CategoryId[]): ChangeEvent => ({
  granted: after.filter((id) => !before.includes(id)),
  revoked: before.filter((id) => !after.includes(id)),
});
