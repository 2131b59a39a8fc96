import { warn } from './log';
import type { ConsentProof, ConsentRecord } from './record';

/**
 * Sends each decision to the site's own endpoint as proof of consent. A send that fails stays
 * queued and is retried (with back-off, when the browser comes back online, and as the page is
 * left), so a decision is never lost silently.
 */

const RETRY_MS = [2000, 10000, 60000];

const queue: ConsentProof[] = [];
let attempt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let endpoint = '';

/** Queues the proof of `record` for `to` (one endpoint per page) and sends what is queued. */
export function sendProof(to: string, record: ConsentRecord): void {
  if (!endpoint) {
    addEventListener('online', flush);
    addEventListener('pagehide', () => {
      // Last chance: a beacon outlives the page even where keep-alive fetch is not supported.
      for (const proof of queue.splice(0))
        navigator.sendBeacon(endpoint, new Blob([JSON.stringify(proof)], { type: 'application/json' }));
    });
  }
  endpoint = to;
  queue.push({ ...record, url: location.origin + location.pathname, userAgent: navigator.userAgent });
  flush();
}

const post = (proof: ConsentProof) =>
  fetch(endpoint, {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(proof),
  }).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  });

function flush() {
  clearTimeout(timer);
  const batch = queue.splice(0);
  for (const proof of batch)
    post(proof).then(
      () => (attempt = 0),
      (reason: unknown) => {
        queue.push(proof);
        const delay = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)] ?? 60000;
        warn(`recordEndpoint: could not send the consent record (${String(reason)}), retrying in ${delay / 1000} s`);
        clearTimeout(timer);
        timer = setTimeout(flush, delay);
      },
    );
}
