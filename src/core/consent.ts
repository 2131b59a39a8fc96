import type { StoredDecision } from './record-codec';
import { strictness, type Jurisdiction } from './regions';
import type { CategoryConfig, CategoryId, ChangeEvent, ConsentRecord, ResolvedConfig } from './types';

/**
 * The consent state, as pure functions: what is allowed, which stored decision counts, and what
 * changed (what a new decision records is decision.ts, which the page loads only to decide). No DOM, no storage: the controller applies the results.
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

/** A clock a few minutes ahead of the server's is common; a decision dated further ahead was not taken here. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** How long an opt-out outlives the configuration it was given under before the visitor is asked again: 12 months. */
export const OPT_OUT_KEPT_MS = 365 * 864e5;

export const categoryIds = (context: Context): CategoryId[] => Object.keys(context.config.categories);

export const category = (context: Context, id: CategoryId): CategoryConfig | undefined =>
  Object.hasOwn(context.config.categories, id) ? context.config.categories[id] : undefined;

/** Not granted by "Accept all", nor allowed by the opt-out model: the category yields to Global Privacy Control. */
export const refusedByGpc = (context: Context, id: CategoryId): boolean => context.gpc && category(context, id)?.gpcOptOut === true;

/**
 * Whether `id` is allowed now: required categories always; others by the decision in force, or,
 * for a category the decision does not name (one added since an opt-out) or without a decision,
 * by the model (opt-in: none; opt-out: all but what GPC refuses; notice: all).
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
  if (record?.granted.includes(id)) return !(gpcRefuses && !record.gpc);
  if (record?.refused.includes(id)) return false;
  return model === 'notice' || (model === 'opt-out' && !gpcRefuses);
}

/**
 * Whether `id` stands refused, which is what its `!id` stand-ins wait for: not allowed, by a
 * decision or by the model (Global Privacy Control under opt-out). Before a decision under
 * opt-in nothing is refused yet, and under a rejected configuration nothing tagged runs at all.
 */
export const isRefused = (context: Context, record: ConsentRecord | null, id: CategoryId): boolean =>
  !context.failed &&
  category(context, id) !== undefined &&
  !isAllowed(context, record, id) &&
  (record !== null || context.jurisdiction.model !== 'opt-in');

export const allowedIds = (context: Context, record: ConsentRecord | null): CategoryId[] =>
  categoryIds(context).filter((id) => isAllowed(context, record, id));

/**
 * Whether a stored decision counts here and now. It must have been taken here (not dated ahead of
 * this clock), under this configuration's revision or an earlier one, and under a model at least
 * as strict as the one in force (a refusal given in Europe holds in California; an opt-out given in
 * California does not stand for consent in Europe). Under opt-in it must be for this very revision
 * and name every category: anything else asks again. Under opt-out and notice, what the visitor
 * refused stays refused across new revisions and new categories for 12 months. One taken while the
 * configuration was rejected counts only as long as a rejected configuration is in force: the
 * visitor never saw the site's real categories.
 */
function counts(context: Context, { record, checked }: StoredDecision, now: number): boolean {
  const named = (id: CategoryId) => record.granted.includes(id) || record.refused.includes(id);
  const decidedAt = Date.parse(record.updatedAt);
  if (!(checked || context.failed) || decidedAt > now + CLOCK_SKEW_MS || record.revision > context.config.revision) return false;
  if (strictness(record.model ?? 'opt-in') < strictness(context.jurisdiction.model)) return false;
  if (record.revision === context.config.revision && categoryIds(context).every(named)) return true;
  return context.jurisdiction.model !== 'opt-in' && now - decidedAt <= OPT_OUT_KEPT_MS;
}

const sameChoice = (a: ConsentRecord, b: ConsentRecord) =>
  a.granted.join() === b.granted.join() && a.refused.join() === b.refused.join();

/**
 * The decision in force among the consent cookies this page sees (several when a cookie of the
 * same name was set for a parent domain or another path, by a staging site say), or null. Of those
 * that count, the newest when they agree. When they disagree, none can be told to be this site's
 * own: under opt-in the visitor is asked again (deciding then removes the others); under opt-out
 * and notice, the one that refuses the most holds, so that no refusal is undone.
 */
export function decisionInForce(context: Context, stored: StoredDecision[], now = Date.now()): ConsentRecord | null {
  const candidates = stored.filter((decision) => counts(context, decision, now)).map((decision) => decision.record);
  const [first] = candidates;
  if (!first) return null;
  const newest = (a: ConsentRecord, b: ConsentRecord) => (b.updatedAt > a.updatedAt ? b : a);
  if (candidates.every((record) => sameChoice(record, first))) return candidates.reduce(newest);
  if (context.jurisdiction.model === 'opt-in') return null;
  return candidates.reduce((a, b) => (b.refused.length > a.refused.length ? b : b.refused.length < a.refused.length ? a : newest(a, b)));
}

/** What "Accept all" grants: every category but those that yield to Global Privacy Control. */
export const acceptAllIds = (context: Context): CategoryId[] => categoryIds(context).filter((id) => !refusedByGpc(context, id));

/** Categories allowed `after` and not `before`, and the reverse. */
export const difference = (before: CategoryId[], after: CategoryId[]): ChangeEvent => ({
  granted: after.filter((id) => !before.includes(id)),
  revoked: before.filter((id) => !after.includes(id)),
});
