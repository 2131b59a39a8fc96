import { warn } from './log';
import { stored } from './repository';
import type { ConsentProof, ConsentRecord } from './record';

/**
 * Sends each decision to the site's own endpoint as proof of consent, at least once: a proof is
 * kept in localStorage until the endpoint acknowledges it. A failed send is retried, each proof on
 * its own schedule (2 s, 10 s, then every minute), at once when the browser comes back online, by
 * beacon as the page is left, and again on the site's next page. A proof may therefore arrive
 * twice (the same `id` and `updatedAt`); none is lost silently.
 */

const RETRY_MS = [2000, 10000, 60000];

interface Pending {
  proof: ConsentProof;
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
  sending?: boolean;
}

export interface ProofSender {
  send: (record: ConsentRecord) => void;
  /** Stops retrying on this page (what is not acknowledged stays kept for the next page). */
  stop: () => void;
}

/** Sends proofs to `endpoint`; `key` names where unacknowledged proofs are kept. */
export function createProofSender(endpoint: string, key: string): ProofSender {
  const queue: Pending[] = [];
  let stopped = false;
  const keep = () => stored(key, queue.length ? JSON.stringify(queue.map((p) => p.proof)) : null);

  const post = (pending: Pending) => {
    clearTimeout(pending.timer);
    pending.sending = true;
    fetch(endpoint, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pending.proof),
    })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        queue.splice(queue.indexOf(pending), 1);
        keep();
      })
      .catch((reason: unknown) => {
        pending.sending = false;
        const delay = RETRY_MS[Math.min(pending.attempts++, RETRY_MS.length - 1)] as number;
        warn(`recordEndpoint: could not send the consent record (${String(reason)}), retrying in ${delay / 1000} s`);
        if (!stopped) pending.timer = setTimeout(post, delay, pending);
      });
  };
  const add = (proof: ConsentProof) => {
    const pending: Pending = { proof, attempts: 0 };
    queue.push(pending);
    post(pending);
  };
  const retryNow = () => {
    for (const pending of queue) if (!pending.sending) post(pending);
  };
  const leave = () => {
    // Last chance on this page: a beacon outlives it. The proof stays kept until acknowledged.
    for (const { proof, sending } of queue)
      if (!sending && !navigator.sendBeacon(endpoint, new Blob([JSON.stringify(proof)], { type: 'application/json' })))
        warn('recordEndpoint: the browser refused to send the consent record as the page closed; it is kept for the next page');
  };

  // Proofs an earlier page could not deliver.
  try {
    const earlier: unknown = JSON.parse(stored(key) ?? '[]');
    if (Array.isArray(earlier)) for (const proof of earlier as ConsentProof[]) add(proof);
  } catch {
    stored(key, null);
  }
  addEventListener('online', retryNow);
  addEventListener('pagehide', leave);
  return {
    send: (record) => {
      add({ ...record, url: location.origin + location.pathname, userAgent: navigator.userAgent });
      keep();
    },
    stop: () => {
      stopped = true;
      removeEventListener('online', retryNow);
      removeEventListener('pagehide', leave);
      for (const pending of queue) clearTimeout(pending.timer);
    },
  };
}
