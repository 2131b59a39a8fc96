import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProofSender } from '../../src/core/proof';
import type { ConsentRecord } from '../../src/core/types';

const record = (id: string): ConsentRecord => ({
  v: 1,
  id,
  revision: 1,
  granted: ['necessary'],
  refused: ['performance'],
  method: 'reject-all',
  language: 'en',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  jurisdiction: '*',
  model: 'opt-in',
});
const A = '3f2b6c1e-8d4a-4b7e-9c21-5a6d7e8f9012';
const B = '7d0f3c2a-9b1e-4c5d-8f60-2a4b6c8d0e1f';
const KEY = 'temoin-proofs';

/** The endpoint: answers each POST with the next status of `statuses` (then 201), and logs when and what it received. */
function endpoint(statuses: number[]) {
  const received: { at: number; id: string; status: number }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((_: string, init: RequestInit) => {
      const status = statuses.shift() ?? 201;
      received.push({ at: Date.now(), id: (JSON.parse(init.body as string) as ConsentRecord).id, status });
      return Promise.resolve(new Response(null, { status }));
    }),
  );
  return received;
}

const kept = () => (JSON.parse(localStorage.getItem(KEY) ?? '[]') as ConsentRecord[]).map((proof) => proof.id);

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('proof of consent', () => {
  it('is sent as JSON with the page (without its query) and the browser, and forgotten once acknowledged', async () => {
    const received = endpoint([]);
    const sender = createProofSender('/consent-records', KEY);
    sender.send(record(A));
    expect(kept()).toEqual([A]);
    await vi.runAllTimersAsync();
    expect(received.map((r) => r.id)).toEqual([A]);
    expect(kept()).toEqual([]);
    const [, init] = vi.mocked(fetch).mock.calls[0] as [string, RequestInit];
    expect(init).toMatchObject({ method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(init.body as string)).toMatchObject({ url: location.origin + location.pathname, userAgent: navigator.userAgent });
    sender.stop();
  });

  it('retries each failed proof on its own schedule: 2 s, then 10 s, then every minute', async () => {
    const received = endpoint(Array<number>(8).fill(500));
    const sender = createProofSender('/consent-records', KEY);
    sender.send(record(A));
    await vi.advanceTimersByTimeAsync(1000);
    sender.send(record(B));
    await vi.advanceTimersByTimeAsync(80000);
    const times = (id: string) => received.filter((r) => r.id === id).map((r) => r.at);
    expect(times(A)).toEqual([0, 2000, 12000, 72000]);
    expect(times(B)).toEqual([1000, 3000, 13000, 73000]);
    expect(kept()).toEqual([A, B]);
    sender.stop();
  });

  it('is kept until acknowledged, and sent again from the next page', async () => {
    endpoint([503]);
    const first = createProofSender('/consent-records', KEY);
    first.send(record(A));
    await vi.advanceTimersByTimeAsync(100);
    first.stop();
    expect(kept()).toEqual([A]);
    const received = endpoint([]);
    const next = createProofSender('/consent-records', KEY);
    await vi.advanceTimersByTimeAsync(100);
    expect(received.map((r) => r.id)).toEqual([A]);
    expect(kept()).toEqual([]);
    next.stop();
  });

  it("keeps every tab's proof: two tabs deciding while the endpoint is down both deliver once it is back", async () => {
    endpoint(Array<number>(4).fill(503));
    // Two tabs of the site: two senders, one localStorage.
    const tabA = createProofSender('/consent-records', KEY);
    const tabB = createProofSender('/consent-records', KEY);
    tabA.send(record(A));
    tabB.send(record(B));
    await vi.advanceTimersByTimeAsync(100);
    expect(kept()).toEqual([A, B]);
    // The endpoint is back before either retries.
    const received = endpoint([]);
    await vi.advanceTimersByTimeAsync(2500);
    expect(new Set(received.map((r) => r.id))).toEqual(new Set([A, B]));
    expect(kept()).toEqual([]);
    tabA.stop();
    tabB.stop();
  });

  it('drops a proof the endpoint refuses for good (400, 403, 413…), and keeps retrying on 408, 429 and 5xx', async () => {
    const received = endpoint([400, 429, 201]);
    const sender = createProofSender('/consent-records', KEY);
    sender.send(record(A));
    await vi.advanceTimersByTimeAsync(100);
    expect(kept()).toEqual([]);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('the consent record was refused (HTTP 400)'));
    sender.send(record(B));
    await vi.advanceTimersByTimeAsync(3000);
    expect(received.map((r) => [r.id, r.status])).toEqual([[A, 400], [B, 429], [B, 201]]);
    expect(kept()).toEqual([]);
    sender.stop();
  });

  it('ignores what is not a proof in its localStorage key (another script wrote it)', async () => {
    localStorage.setItem(KEY, JSON.stringify([null, 7, 'x', record(A)]));
    const received = endpoint([]);
    const sender = createProofSender('/consent-records', KEY);
    await vi.advanceTimersByTimeAsync(100);
    expect(received.map((r) => r.id)).toEqual([A]);
    localStorage.setItem(KEY, '{not json');
    expect(() => { createProofSender('/consent-records', KEY).stop(); }).not.toThrow();
    sender.stop();
  });

  it('goes by beacon as the page is left, and says so when the browser refuses the beacon', async () => {
    endpoint([500]);
    const beacons: boolean[] = [true, false];
    const sendBeacon = vi.spyOn(navigator, 'sendBeacon').mockImplementation(() => beacons.shift() ?? true);
    const sender = createProofSender('/consent-records', KEY);
    sender.send(record(A));
    await vi.advanceTimersByTimeAsync(100);
    dispatchEvent(new Event('pagehide'));
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    expect(console.warn).not.toHaveBeenCalledWith(expect.stringContaining('refused'));
    dispatchEvent(new Event('pagehide'));
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('the browser refused to send the consent record'));
    // Kept either way: a beacon accepted is not a beacon delivered.
    expect(kept()).toEqual([A]);
    sender.stop();
  });
});
