/** See backdate.mjs. */
export interface Moment {
  /** ISO 8601 UTC; each moment after the one before. */
  receivedAt: string;
  records: Record<string, unknown>[];
}
export function backdate(
  ledger: { fetch: (request: Request, info?: { clientAddress?: string }) => Promise<Response> },
  moments: Iterable<Moment>,
  options?: { clientAddress?: string },
): Promise<void>;
