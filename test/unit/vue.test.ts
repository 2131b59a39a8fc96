/**
 * `temoin/vue` in the browser, on an instance of the page (as a script tag starts one): the one
 * reactive object `useConsent()` returns, `<Consent>`'s slots, and when the plugin starts
 * following. Server rendering and hydration are test/node/frameworks-ssr.test.ts's and
 * test/browser/ssr.test.mjs's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, isReactive, isReadonly, nextTick, watch, type App, type VNodeChild } from 'vue';
import { createController } from '../../src/core';
import type { Controller } from '../../src/core/controller';
import { Consent, temoin, useConsent, type ConsentApi } from '../../src/vue';

const CONFIG = { revision: 1, categories: { necessary: { required: true }, performance: {}, 'third-party': {} } };

let controller: Controller;
let app: App | undefined;
let container: HTMLElement;
beforeEach(() => {
  const created = createController();
  controller = created.controller;
  created.start(CONFIG);
  window.Temoin = controller;
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  app?.unmount();
  app = undefined;
  container.remove();
  controller.destroy();
  delete window.Temoin;
  document.cookie = 'temoin=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  vi.restoreAllMocks();
});

/** Mounts a root component that renders with `render` under the plugin; returns what `useConsent()` gave it. */
function mount(render: (consent: ConsentApi) => VNodeChild): ConsentApi {
  let consent: ConsentApi | undefined;
  const Root = defineComponent({
    setup() {
      const given = useConsent();
      consent = given;
      return () => render(given);
    },
  });
  app = createApp(Root).use(temoin);
  app.mount(container);
  return consent as ConsentApi;
}

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
/** Does `change` and resolves once the instance's state follows it. */
const changing = async (change: () => void) => {
  const changed = nextState();
  change();
  await changed;
};

describe('useConsent()', () => {
  it('is one reactive, read-only object that follows every change: a decision, another, a reset', async () => {
    const consent = mount((given) => h('p', null, String(given.ready)));
    expect(isReactive(consent)).toBe(true);
    expect(isReadonly(consent)).toBe(true);
    expect(consent.ready).toBe(true);
    await nextTick();
    expect(container.textContent).toBe('true');

    const records: (string | undefined)[] = [];
    watch(
      () => consent.record,
      (record) => records.push(record?.method),
    );
    await changing(() => {
      consent.acceptAll();
    });
    await nextTick();
    expect(consent.isAllowed('third-party')).toBe(true);
    await changing(() => {
      consent.rejectAll();
    });
    await nextTick();
    expect(consent.isAllowed('third-party')).toBe(false);
    await changing(() => {
      controller.reset();
    });
    await nextTick();
    expect(records).toEqual(['accept-all', 'reject-all', undefined]);
  });

  it('renders the state before the start first (what the server rendered), then the instance’s', async () => {
    controller.acceptAll();
    const rendered: string[] = [];
    mount((consent) => {
      rendered.push(`${String(consent.ready)} ${String(consent.isAllowed('third-party'))}`);
      return h('p');
    });
    await nextTick();
    expect(rendered).toEqual(['false false', 'true true']);
  });

  it('stops following once the app is unmounted', async () => {
    const consent = mount(() => h('p'));
    app?.unmount();
    app = undefined;
    await changing(() => {
      controller.acceptAll();
    });
    await nextTick();
    expect(consent.record).toBeNull();
  });

  it('outside the plugin, throws an error that says so', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const Root = defineComponent({
      setup() {
        useConsent();
        return () => null;
      },
    });
    app = createApp(Root);
    expect(() => app?.mount(container)).toThrow('[temoin] useConsent() needs app.use(temoin)');
    app = undefined;
  });
});

describe('<Consent>', () => {
  it('renders the fallback slot until the category is allowed, then the default slot, and the fallback again on withdrawal', async () => {
    mount(() =>
      h(Consent, { category: 'third-party' }, { default: () => h('p', null, 'video'), fallback: () => h('p', null, 'waiting') }),
    );
    await nextTick();
    expect(container.textContent).toBe('waiting');
    await changing(() => {
      controller.acceptAll();
    });
    await nextTick();
    expect(container.textContent).toBe('video');
    await changing(() => {
      controller.rejectAll();
    });
    await nextTick();
    expect(container.textContent).toBe('waiting');
  });

  it('renders nothing without a fallback slot', async () => {
    mount(() => h(Consent, { category: 'third-party' }, { default: () => h('p', null, 'video') }));
    await nextTick();
    expect(container.textContent).toBe('');
  });
});
