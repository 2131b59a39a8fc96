import { clearCategory } from './cleanup';
import { decide } from './decision';
import { confirmDecision, forgetDecision, writeDecision } from './cookie-writer';
import { createProofSender, type ProofSender } from './proof';
import { reloadWithout } from './reload';
import type { CategoryId, ConsentRecord, CookieConfig, ResolvedConfig } from './types';

/**
 * What deciding does to the world beyond the decision in force: a new record, the consent cookie
 * written or forgotten, the proof sent, and the withdrawal of what is no longer allowed. No page
 * view that decides nothing needs any of it, so it is loaded when first wanted: the script-tag
 * build carries it in the UI part, with the banner and the checks (ADR 0061).
 */
export interface DecisionEffects {
  /** The record of a new decision (see decision.ts). */
  decide: typeof decide;
  /** Writes the cookie `value` of `record`, or forgets the decision (null). */
  store: (cookie: Required<CookieConfig>, record: ConsentRecord | null, value: string) => void;
  /** Once the decision's effects are done: the cookie written holds, and is the only one of its name. */
  confirm: typeof confirmDecision;
  /** Sends the proof of `record` to `endpoint` (and what an earlier page left unsent), keeping it under `key` until acknowledged. */
  prove: (endpoint: string, key: string, record?: ConsentRecord) => void;
  /** Removes what the `revoked` categories left; reloads when something of theirs had been released. */
  withdraw: (config: ResolvedConfig, revoked: CategoryId[], released: boolean) => void;
  /** Stops retrying proofs on this page. */
  stop: () => void;
}

export function createDecisionEffects(): DecisionEffects {
  let proofs: ProofSender | undefined;
  return {
    decide,
    store: (cookie, record, value) => {
      if (record) writeDecision(cookie, value, record.updatedAt);
      else forgetDecision(cookie);
    },
    confirm: confirmDecision,
    prove: (endpoint, key, record) => {
      proofs ??= createProofSender(endpoint, key);
      if (record) proofs.send(record);
    },
    withdraw: (config, revoked, released) => {
      for (const id of revoked) clearCategory(config.categories[id] ?? {}, config.cookie.name);
      if (config.reloadOnWithdraw && released) reloadWithout(revoked);
    },
    stop: () => proofs?.stop(),
  };
}
