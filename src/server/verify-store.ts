/** `temoin verify` over a store: the chain recomputed from the purge point to the recorded head. */
import { verifyChain, type Verdict } from './chain';
import type { Store } from './store';

/**
 * Reads the head first and entries up to it, so that a server appending meanwhile changes
 * nothing. A purge that ran during the reading moves the chain's start: the check runs again.
 */
export async function verifyStore(store: Store): Promise<Verdict> {
  for (let attempt = 0; ; attempt++) {
    const chain = await store.chain();
    const verdict = await verifyChain(chain, store.entries({ throughSeq: chain.lastSeq }));
    if (verdict.ok || attempt > 0 || (await store.chain()).purgedSeq === chain.purgedSeq) return verdict;
  }
}
