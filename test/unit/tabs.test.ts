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

/**
 * The browser is idle after the load: what Témoin leaves for then is done. (Without
 * `requestIdleCallback`, as in happy-dom, that is a 1 ms timer after the load: schedule.ts.)
 */
const idle = () => new Promise((done) => setTimeout(done, 20));

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

    // The visitor goes to another tab, and decides there.
    await idle();
    dispatchEvent(new Event('blur'));
    fromAnotherTab(encodeRecord(accepted()));
    expect(controller.getRecord()?.method).toBe('accept-all');
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

  it('a page the visitor never leaves does not listen (registering is a round trip to the browser); one left, or hidden from the start, does', async () => {
    const listening = () => addListener.mock.calls.filter(([type]) => type === 'storage').length;
    const addListener = vi.spyOn(window, 'addEventListener');
    const { controller, start } = createController();
    start({ revision: 1 });
    await idle();
    expect(listening()).toBe(0);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(listening()).toBe(1);
    dispatchEvent(new Event('blur'));
    expect(listening()).toBe(1);
    controller.destroy();

    // Loaded in a background tab: it listens once idle.
    vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    const background = createController();
    background.start({ revision: 1 });
    await idle();
    expect(listening()).toBe(2);
    fromAnotherTab(encodeRecord(accepted()));
    expect(background.controller.getRecord()?.method).toBe('accept-all');
    background.controller.destroy();
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
