/* global Request */
/**
 * Appends decisions to a ledger as if it had received them in the past: the demo's seeded
 * history, and the tests and benchmark that need decisions of several days. For each moment, in
 * time order, the process's clock (`Date`) is set to it while its records are posted through
 * `ledger.fetch` together (group commit appends them in one transaction), so that every entry is
 * one the ledger made itself, at that `receivedAt`, and `temoin verify` holds. Only code that runs
 * the ledger in its own process can do this; a client cannot.
 *
 *   await backdate(ledger, [{ receivedAt: '2026-11-02T09:30:00.000Z', records: [record, …] }, …])
 */
export async function backdate(ledger, moments, { clientAddress = '192.0.2.1' } = {}) {
  const RealDate = globalThis.Date;
  let now = RealDate.now();
  /** `Date` as it reads at `now`, in every other way the real one. */
  class PastDate extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [now]));
    }
    static now() {
      return now;
    }
  }
  globalThis.Date = PastDate;
  try {
    let last = -Infinity;
    for (const { receivedAt, records } of moments) {
      now = RealDate.parse(receivedAt);
      if (!(now >= last)) throw new Error(`backdate: ${receivedAt} is not a time after the one before (entries are received in time order)`);
      last = now;
      const answers = await Promise.all(
        records.map((record) =>
          ledger.fetch(
            new Request('http://ledger.invalid/consent-records', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record) }),
            { clientAddress },
          ),
        ),
      );
      for (const answer of answers) if (answer.status !== 201) throw new Error(`backdate: the ledger answered ${answer.status} ${await answer.text()}`);
    }
  } finally {
    globalThis.Date = RealDate;
  }
}
