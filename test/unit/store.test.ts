/**
 * `window.Temoin` and the object `init()` returns are stores by Svelte's contract: `subscribe`
 * calls at once with `{ ready, record }`, then at every change, and returns the unsubscriber.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createController } from '../../src/core';
import type { ConsentState } from '../../src/core/types';

afterEach(() => {
  document.cookie = 'temoin=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  vi.restoreAllMocks();
});

describe('the store contract', () => {
  it('calls at once, before the start too, then on start, each decision and reset; unsubscribing stops it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { controller, start } = createController();
    const seen: ConsentState[] = [];
    const unsubscribe = controller.subscribe((state) => seen.push(state));
    expect(seen).toEqual([{ ready: false, record: null }]);

    start({ revision: 1 });
    expect(seen.at(-1)).toEqual({ ready: true, record: null });

    // A decision's state follows, with its events, once the banner is gone from the screen.
    controller.acceptAll();
    await vi.waitFor(() => { expect(seen.at(-1)?.record?.method).toBe('accept-all'); });
    expect(seen.at(-1)?.ready).toBe(true);

    controller.rejectAll();
    await vi.waitFor(() => { expect(seen.at(-1)?.record?.method).toBe('reject-all'); });

    controller.reset();
    await vi.waitFor(() => { expect(seen.at(-1)).toEqual({ ready: true, record: null }); });
    const count = seen.length;

    unsubscribe();
    const still: ConsentState[] = [];
    controller.subscribe((state) => still.push(state));
    controller.acceptAll();
    await vi.waitFor(() => { expect(still.at(-1)?.record?.method).toBe('accept-all'); });
    expect(seen).toHaveLength(count);
    // A late subscriber gets the state in force at once.
    let late: ConsentState | undefined;
    controller.subscribe((state) => (late = state))();
    expect(late?.record?.method).toBe('accept-all');
    controller.destroy();
  });

  it('gives the same object until something changes (what React and Vue compare)', () => {
    const { controller, start } = createController();
    start({});
    const states: ConsentState[] = [];
    controller.subscribe((state) => states.push(state))();
    controller.subscribe((state) => states.push(state))();
    expect(states[0]).toBe(states[1]);
    controller.destroy();
  });
});
