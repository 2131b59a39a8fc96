/**
 * The floating button is a part of its own: fetched only by a page that will show it, once, when
 * the browser is idle after the load (while the banner still asks, so that it is there when the
 * decision closes the banner); a failed fetch is tried again at the next change of view, never in
 * a loop; a part that throws is reported in the console, never thrown into the page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createController } from '../../src/core';
import { offerReopening } from '../../src/ui/reopen';
import type { ReopenButton } from '../../src/ui/reopen-button';

afterEach(() => {
  window.Temoin?.destroy();
  document.body.replaceChildren();
  document.cookie = 'temoin=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  document.cookie = 'temoin-checked=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  vi.restoreAllMocks();
});

/** The browser is idle after the load. (Without `requestIdleCallback`, as in happy-dom, that is a 1 ms timer: schedule.ts.) */
const idle = () => new Promise((done) => setTimeout(done, 20));

/** A stand-in for the part: a button whose showing and hiding are recorded. */
const fakePart = () => {
  const button = { show: vi.fn(), hide: vi.fn() } satisfies ReopenButton;
  return { button, part: { createReopenButton: () => button } };
};

/** A page that starts Témoin with the button offered, fetching the part with `load`. */
const page = (load: Parameters<typeof offerReopening>[1]) => {
  const { controller, start } = createController();
  offerReopening(controller, load);
  start({ revision: 1 });
  return controller;
};

describe('the floating button', () => {
  it('is never fetched by a page that has its own control', async () => {
    document.body.append(Object.assign(document.createElement('a'), { href: '#', textContent: 'Cookie settings' }));
    document.body.firstElementChild?.setAttribute('data-temoin', 'preferences');
    const load = vi.fn(() => Promise.resolve(fakePart().part));
    const controller = page(load);
    await idle();
    controller.acceptAll();
    controller.showPreferences();
    controller.hide();
    await idle();
    expect(load).not.toHaveBeenCalled();
  });

  it('is fetched once, at idle time while the banner asks, and shown once the decision closes the banner', async () => {
    const { button, part } = fakePart();
    const load = vi.fn(() => Promise.resolve(part));
    const controller = page(load);
    expect(controller.view).toBe('banner');
    expect(load).not.toHaveBeenCalled();
    await idle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(button.show).not.toHaveBeenCalled();
    controller.acceptAll();
    expect(button.show).toHaveBeenCalled();
    // Out of the way while the dialog is open, back when it closes.
    controller.showPreferences();
    expect(button.hide).toHaveBeenCalled();
    const shown = button.show.mock.calls.length;
    controller.hide();
    expect(button.show.mock.calls.length).toBeGreaterThan(shown);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('is fetched again at the next change of view after a failure, not in a loop', async () => {
    const { button, part } = fakePart();
    let failures = 1;
    const load = vi.fn(() => (failures-- > 0 ? Promise.reject(new Error('offline')) : Promise.resolve(part)));
    const controller = page(load);
    await idle();
    await idle();
    expect(load).toHaveBeenCalledTimes(1);
    controller.acceptAll();
    expect(load).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => {
      expect(button.show).toHaveBeenCalled();
    });
  });

  it('reports a part that throws, and throws nothing into the page', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const load = vi.fn(() =>
      Promise.resolve({
        createReopenButton: (): ReopenButton => {
          throw new Error('no shadow root here');
        },
      }),
    );
    const controller = page(load);
    controller.acceptAll();
    await idle();
    await vi.waitFor(() => {
      expect(error).toHaveBeenCalledWith(expect.stringContaining('showing the floating button failed: Error: no shadow root here'));
    });
  });
});
