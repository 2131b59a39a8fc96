/**
 * `GET /health` reads a probe of the store run at most once a second, one at a time, however
 * often it is asked (the store side of it, on PostgreSQL: ledger-stall.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { CachedProbe } from '../../src/server/cached-probe';

describe('the health probe', () => {
  it('probes the store at most once a second, one probe at a time, whatever the rate of checks', async () => {
    let probes = 0;
    let finish: () => void = () => undefined;
    const health = new CachedProbe(() => {
      probes += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const first = health.check(0);
    const soon = health.check(500);
    finish();
    expect(await Promise.all([first, soon])).toEqual([true, true]);
    expect(await health.check(999)).toBe(true);
    expect(probes).toBe(1);
    const second = health.check(1000);
    // Past a second again, but that probe still running: the same probe answers.
    const meanwhile = health.check(2500);
    finish();
    expect(await Promise.all([second, meanwhile])).toEqual([true, true]);
    expect(probes).toBe(2);
  });
});
