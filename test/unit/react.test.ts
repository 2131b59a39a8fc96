/**
 * `temoin/react` in the browser, on an instance of the page (as a script tag starts one): what
 * re-renders, when, with what; what the components add to the page. Server rendering, hydration
 * and a full start are test/node/frameworks-ssr.test.ts's and test/browser/ssr.test.mjs's.
 */
import { act, createElement as h, StrictMode, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createController } from '../../src/core';
import type { Controller } from '../../src/core/controller';
import { Consent, ConsentScript, TemoinProvider, useConsent, type ConsentApi } from '../../src/react';

declare global {
  /** How React learns that it runs under act(). */
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const CONFIG = { revision: 1, categories: { necessary: { required: true }, performance: {}, 'third-party': {} } };

let controller: Controller;
let root: Root;
let container: HTMLElement;
beforeEach(() => {
  const created = createController();
  controller = created.controller;
  created.start(CONFIG);
  window.Temoin = controller;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => {
    root.unmount();
  });
  container.remove();
  controller.destroy();
  delete window.Temoin;
  document.cookie = 'temoin=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  vi.restoreAllMocks();
});

/** Resolves at the instance's next change of state: a decision's, published once its banner is gone from the screen. */
const nextState = () =>
  new Promise<void>((changed) => {
    let now = true;
    const stop = controller.subscribe(() => {
      if (now) return;
      stop();
      changed();
    });
    now = false;
  });

const render = (node: ReactNode) => {
  act(() => {
    root.render(h(StrictMode, null, node));
  });
};

describe('useConsent()', () => {
  it('renders the state before the start first, then follows every change: a decision, another, a reset', async () => {
    const seen: ConsentApi[] = [];
    const Reader = () => {
      seen.push(useConsent());
      return null;
    };
    render(h(TemoinProvider, null, h(Reader)));
    expect(seen[0]).toMatchObject({ ready: false, record: null });
    expect(seen[0]?.isAllowed('performance')).toBe(false);
    expect(seen.at(-1)).toMatchObject({ ready: true, record: null });

    await act(async () => {
      const changed = nextState();
      seen.at(-1)?.accept(['performance']);
      await changed;
    });
    expect(seen.at(-1)?.record?.granted).toEqual(['necessary', 'performance']);
    expect(seen.at(-1)?.isAllowed('performance')).toBe(true);
    expect(seen.at(-1)?.isAllowed('third-party')).toBe(false);

    await act(async () => {
      const changed = nextState();
      seen.at(-1)?.rejectAll();
      await changed;
    });
    expect(seen.at(-1)?.record?.method).toBe('reject-all');
    await act(async () => {
      const changed = nextState();
      controller.reset();
      await changed;
    });
    expect(seen.at(-1)).toMatchObject({ ready: true, record: null });
  });

  it('gives the same object until something changes', () => {
    const seen: ConsentApi[] = [];
    const Reader = ({ n }: { n: number }) => {
      seen.push(useConsent());
      return h('p', null, n);
    };
    render(h(TemoinProvider, null, h(Reader, { n: 1 })));
    const settled = seen.at(-1);
    render(h(TemoinProvider, null, h(Reader, { n: 2 })));
    expect(container.textContent).toBe('2');
    expect(seen.at(-1)).toBe(settled);
  });

  it('opens the preferences through the instance', () => {
    const showPreferences = vi.spyOn(controller, 'showPreferences');
    let consent: ConsentApi | undefined;
    const Reader = () => {
      consent = useConsent();
      return null;
    };
    render(h(TemoinProvider, null, h(Reader)));
    consent?.showPreferences();
    expect(showPreferences).toHaveBeenCalledOnce();
  });

  it('outside a <TemoinProvider>, throws an error that says so', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const Reader = () => {
      useConsent();
      return null;
    };
    expect(() => {
      render(h(Reader));
    }).toThrow('[temoin] useConsent() must be used inside <TemoinProvider>');
  });
});

describe('<Consent>', () => {
  it('renders the fallback until the category is allowed, then the children, and the fallback again on withdrawal', async () => {
    render(h(TemoinProvider, null, h(Consent, { category: 'third-party', fallback: h('p', null, 'waiting') }, h('p', null, 'video'))));
    expect(container.textContent).toBe('waiting');
    await act(async () => {
      const changed = nextState();
      controller.acceptAll();
      await changed;
    });
    expect(container.textContent).toBe('video');
    await act(async () => {
      const changed = nextState();
      controller.rejectAll();
      await changed;
    });
    expect(container.textContent).toBe('waiting');
  });

  it('renders nothing without a fallback', () => {
    render(h(TemoinProvider, null, h(Consent, { category: 'third-party' }, h('p', null, 'video'))));
    expect(container.innerHTML).toBe('');
  });
});

describe('<ConsentScript>', () => {
  it('adds one inert tagged script per page, with its attributes, for Témoin to release', () => {
    const props = { category: 'performance', src: 'https://analytics.example/a.js', 'data-site': 'example', async: true, defer: false };
    render(h(TemoinProvider, null, h(ConsentScript, props), h(ConsentScript, props)));
    render(h(TemoinProvider, null, h('p', null, 'another page')));
    render(h(TemoinProvider, null, h(ConsentScript, props)));
    const added = document.head.querySelectorAll('script[data-src="https://analytics.example/a.js"]');
    expect(added).toHaveLength(1);
    const script = added[0] as HTMLScriptElement;
    expect(script.type).toBe('text/plain');
    expect(script.getAttribute('src')).toBeNull();
    expect(script.dataset.category).toBe('performance');
    expect(script.dataset.site).toBe('example');
    expect(script.hasAttribute('async')).toBe(true);
    expect(script.hasAttribute('defer')).toBe(false);
    expect(container.innerHTML).toBe('');
  });
});
