import { categoryIds, category, type Context } from './consent';
import type { CategoryId, ConsentMethod, ConsentRecord } from './types';

/** A new decision's record: the one part of the consent state a page loads only to decide. */

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts; elsewhere (plain http) a
 * blob URL ends with one, which browsers draw from the same random source.
 */
function uuid(): string {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- absent outside secure contexts
  if (crypto.randomUUID) return crypto.randomUUID();
  const url = URL.createObjectURL(new Blob());
  URL.revokeObjectURL(url);
  return url.slice(-36);
}

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
