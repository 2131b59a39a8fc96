/**
 * The site's other tabs: a decision made in one applies in the others, and only a decision that
 * decodes exactly, or the explicit "forgotten" message, is acted on. Anything else written where
 * the tabs talk (another script of the page) changes nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createController } from '../../src/core';
import { encodeRecord } from '../../src/core/record-codec';
import type { ConsentRecord } from '../../src/core/types';

afterEach(() => {
  window.Temoin?.destroy();
  document.cookie = 'temoin=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  localStorage.clear();
  vi.restoreAllMocks();
});

/** What the site's other tab says on the storage event its decision gives. */
const fromAnotherTab = (newValue: string | null) => {
  dispatchEvent(new StorageEvent('storage', { key: 'temoin-tabs', newValue }));
};

/** The page is shown: from the back/forward cache (`persisted`), or loaded. (happy-dom's PageTransitionEvent leaves `persisted` out.) */
const shown = (persisted: boolean) => {
  dispatchEvent(Object.defineProperty(new Event('pageshow'), 'persisted', { value: persisted }));
};

const accepted = (): ConsentRecord => ({
  v: 1,
  id: '3f2b6c1e-8d4a-4b7e-9c21-5a6d7e8f9012',
  revision: 1,
  granted: ['necessary', 'performance', 'advertising', 'third-party'],
  refused: [],
  method: 'accept-all',
  language: 'en',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  jurisdiction: '*',
  model: 'opt-in',
});

describe('the other tabs', () => {
  it("follow a decision another tab announces, and forget one only on the explicit message; anything else is ignored", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { controller, start } = createController();
    start({ revision: 1 });
    expect(controller.view).toBe('banner');

    // Témoin listens once the browser is idle after the load.
    await vi.waitFor(() => {
      fromAnotherTab(encodeRecord(accepted()));
      expect(controller.getRecord()?.method).toBe('accept-all');
    });
    expect(controller.view).toBe('none');
    expect(controller.isAllowed('performance')).toBe(true);

    for (const garbage of ['garbage', '2~', `${encodeRecord(accepted())}~`, encodeRecord(accepted()).toUpperCase()]) {
      fromAnotherTab(garbage);
      expect(controller.getRecord()?.method, garbage).toBe('accept-all');
      expect(controller.isAllowed('performance'), garbage).toBe(true);
    }
    // The key being removed, as the deciding tab does at once, says nothing either.
    fromAnotherTab(null);
    expect(controller.getRecord()?.method).toBe('accept-all');

    fromAnotherTab('');
    expect(controller.getRecord()).toBeNull();
    expect(controller.view).toBe('banner');
    controller.destroy();
  });

  it('a page shown again from the back/forward cache follows a decision changed meanwhile on another page', () => {
    document.cookie = `temoin=${encodeRecord({ ...accepted(), updatedAt: new Date(Math.floor(Date.now() / 1000) * 1000 - 60000).toISOString() })}; path=/`;
    const { controller, start } = createController();
    start({ revision: 1 });
    expect(controller.isAllowed('performance')).toBe(true);
    // Shown again as it was, not reloaded: nothing changed, nothing happens.
    shown(true);
    expect(controller.isAllowed('performance')).toBe(true);
    // Withdrawn on another page of the site, then Back.
    const refused = { ...accepted(), granted: ['necessary'], refused: ['performance', 'advertising', 'third-party'], method: 'reject-all' as const, updatedAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString() };
    document.cookie = `temoin=${encodeRecord(refused)}; path=/`;
    shown(false);
    expect(controller.isAllowed('performance')).toBe(true);
    shown(true);
    expect(controller.getRecord()?.method).toBe('reject-all');
    expect(controller.isAllowed('performance')).toBe(false);
    controller.destroy();
  });

  it('are told of a decision made here through a key written and removed at once: nothing stays stored', async () => {
    const { controller, start } = createController();
    start({ revision: 1 });
    const writes: [string, string | null][] = [];
    const setItem = vi.spyOn(localStorage, 'setItem').mockImplementation((key, value) => {
      writes.push([key, value]);
    });
    const removeItem = vi.spyOn(localStorage, 'removeItem').mockImplementation((key) => {
      writes.push([key, null]);
    });
    controller.rejectAll();
    await vi.waitFor(() => { expect(writes.some(([key]) => key === 'temoin-tabs')).toBe(true); });
    const said = writes.filter(([key]) => key === 'temoin-tabs');
    expect(said).toEqual([['temoin-tabs', expect.stringMatching(/^2~.*~r~/)], ['temoin-tabs', null]]);
    setItem.mockRestore();
    removeItem.mockRestore();
    controller.destroy();
  });
});
