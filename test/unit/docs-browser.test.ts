/**
 * The docs' code that runs in a page, run in a simulated DOM as written: the banner of one's own
 * built on `temoin/core` (docs/api.md), and the `temoin:*` window events example. Each is the
 * fenced block after a `<!-- test: name -->` comment (see docs-blocks.ts and CONTRIBUTING.md).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '../../src/core';
import { docsBlock, runWith } from './docs-blocks';
import type { Controller } from '../../src/core/controller';

const temoin = () => window.Temoin as Controller | undefined;

afterEach(() => {
  temoin()?.destroy();
  document.body.replaceChildren();
  for (const pair of document.cookie.split('; ')) document.cookie = `${pair.split('=')[0] ?? ''}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  localStorage.clear();
  delete (window as { dataLayer?: unknown }).dataLayer;
  delete (window as { gtag?: unknown }).gtag;
  vi.restoreAllMocks();
});

/** Presses a button of the page. */
const click = (selector: string) => {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`no ${selector} on the page`);
  element.click();
};

describe('a banner of your own with temoin/core (docs/api.md)', () => {
  it('shows on a first visit, decides, hides, and comes back from the footer button', async () => {
    document.body.append(document.createRange().createContextualFragment(docsBlock('headless-html').code));
    await runWith(docsBlock('headless-script'), { 'temoin/core': core });
    const banner = document.querySelector<HTMLElement>('#cookie-banner');
    expect(banner?.hidden).toBe(false);

    click('[data-choice="accept"]');
    expect(temoin()?.getRecord()).toMatchObject({ method: 'accept-all', granted: ['necessary', 'performance'] });
    expect(banner?.hidden).toBe(true);

    click('#cookie-settings');
    expect(banner?.hidden).toBe(false);
    click('[data-choice="reject"]');
    expect(temoin()?.getRecord()).toMatchObject({ method: 'reject-all', granted: ['necessary'], refused: ['performance'] });
    expect(banner?.hidden).toBe(true);
    expect(document.cookie).toMatch(/temoin=2~/);
  });
});

describe('the temoin:* window events (docs/api.md)', () => {
  it('start the chat when third-party is allowed, at the start or later, and stop it when it is withdrawn', async () => {
    const chat = { startChat: vi.fn(), stopChat: vi.fn() };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the docs' own code, run as a page would
    const listen = new Function('startChat', 'stopChat', docsBlock('window-events').code) as (start: () => void, stop: () => void) => void;
    listen(chat.startChat, chat.stopChat);
    const { init } = core;

    init({ revision: 1 });
    await Promise.resolve();
    expect(chat.startChat).not.toHaveBeenCalled();
    // The events of a decision follow once its banner is gone from the screen.
    temoin()?.acceptAll();
    await vi.waitFor(() => { expect(chat.startChat).toHaveBeenCalledTimes(1); });
    temoin()?.accept(['performance']);
    await vi.waitFor(() => { expect(chat.stopChat).toHaveBeenCalledTimes(1); });
    temoin()?.acceptAll();
    await vi.waitFor(() => { expect(chat.startChat).toHaveBeenCalledTimes(2); });

    // A returning visitor: `change` does not fire at the start, `ready` does.
    temoin()?.destroy();
    init({ revision: 1 });
    expect(chat.startChat).toHaveBeenCalledTimes(3);
    expect(chat.stopChat).toHaveBeenCalledTimes(1);
  });
});
