import { warn } from './log';
import { stored } from './repository';
import type { ConsentProof, ConsentRecord } from './record';

/**
 * Sends each decision to the site's own endpoint as proof of consent, at least once: a proof is
 * kept in localStorage until the endpoint acknowledges it. A failed send is retried, each proof on
 * its own schedule (2 s, 10 s, then every minute), at once when the browser comes back online, by
 * beacon as the page is left, and again on the site's next page. A proof may therefore arrive
 * twice (the same `id` and `updatedAt`); none is lost silently. The kept list is read and written
 * anew at each change, never from this tab's memory alone: the site's other tabs keep theirs there too.
 */

const RETRY_MS = [2000, 10000, 60000];

interface Pending {
  proof: ConsentProof;
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
  sending?: boolean;
}

/** One decision's proof, whichever tab keeps or sends it. */
const same = (a: ConsentProof) => (b: ConsentProof) => a.id === b.id && a.updatedAt === b.updatedAt;

export interface ProofSender {
  send: (record: ConsentRecord) => void;
  /** Stops retrying on this page (what is not acknowledged stays kept for the next page). */
  stop: () => void;
}

/** Sends proofs to `endpoint`; `key` names where unacknowledged proofs are kept. */
export function createProofSender(endpoint: string, key: string): ProofSender {
  const pending: Pending[] = [];
  let stopped = false;
  const kept = (): ConsentProof[] => {
    try {
      const list: unknown = JSON.parse(stored(key) ?? '[]');
      // Whatever else wrote there (another script of the page) is not a proof.
      return Array.isArray(list) ? (list as unknown[]).filter((proof): proof is ConsentProof => typeof proof === 'object' && proof !== null) : [];
    } catch {
      return [];
    }
  };
  const keep = (list: ConsentProof[]) => stored(key, list.length ? JSON.stringify(list) : null);

  const post = (item: Pending) => {
    clearTimeout(item.timer);
    item.sending = true;
    fetch(endpoint, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(item.proof),
    })
      .then((response) => {
        const { ok, status } = response;
        // A refusal that no retry can change (400 malformed, 403 origin, 413 too large…) ends it, as an acknowledgement does.
        const final = status >= 400 && status < 500 && status !== 408 && status !== 429;
        if (!ok && !final) throw new Error(`HTTP ${status}`);
        if (!ok) warn(`recordEndpoint: the consent record was refused (HTTP ${status}); it is not sent again`);
        pending.splice(pending.indexOf(item), 1);
        keep(kept().filter((proof) => !same(item.proof)(proof)));
      })
      .catch((reason: unknown) => {
        item.sending = false;
        const delay = RETRY_MS[Math.min(item.attempts++, RETRY_MS.length - 1)] as number;
        warn(`recordEndpoint: could not send the consent record (${String(reason)}), retrying in ${delay / 1000} s`);
        if (!stopped) item.timer = setTimeout(post, delay, item);
      });
  };
  const add = (proof: ConsentProof) => {
    if (pending.some((item) => same(proof)(item.proof))) return;
    const item: Pending = { proof, attempts: 0 };
    pending.push(item);
    post(item);
  };
  const retryNow = () => {
    for (const item of pending) if (!item.sending) post(item);
  };
  const leave = () => {
    // Last chance on this page: a beacon outlives it. The proof stays kept until acknowledged.
    for (const { proof, sending } of pending)
      if (!sending && !navigator.sendBeacon(endpoint, new Blob([JSON.stringify(proof)], { type: 'application/json' })))
        warn('recordEndpoint: the browser refused to send the consent record as the page closed; it is kept for the next page');
  };

  // Proofs an earlier page could not deliver.
  kept().forEach(add);
  addEventListener('online', retryNow);
  addEventListener('pagehide', leave);
  return {
    send: (record) => {
      const proof: ConsentProof = { ...record, url: location.origin + location.pathname, userAgent: navigator.userAgent };
      keep([...kept().filter((other) => !same(proof)(other)), proof]);
      add(proof);
    },
    stop: () => {
      stopped = true;
      removeEventListener('online', retryNow);
      removeEventListener('pagehide', leave);
      for (const item of pending) clearTimeout(item.timer);
    },
  };
}
