/**
 * `temoin/vue`: Témoin in Vue 3 apps. The plugin starts Témoin once the app is mounted (after
 * hydration, so the server's render and the browser's first one agree), once per page; the
 * object `useConsent()` returns is reactive and follows every change.
 */
import { defineComponent, inject, shallowReactive, shallowReadonly, type InjectionKey, type Plugin, type SlotsType, type VNode } from 'vue';
import { consentOf, INITIAL, pageInstance, type ConsentApi } from '../bindings/consent';
import type { TemoinConfig } from '../core/types';

export type { ConsentApi } from '../bindings/consent';

const key: InjectionKey<ConsentApi> = Symbol('temoin');

/**
 * `app.use(temoin, config)`: Témoin with its banner, started when the app is mounted (or the
 * instance a script tag started: then leave out `config`).
 */
export const temoin: Plugin<[config?: TemoinConfig]> = {
  install(app, config) {
    const consent = shallowReactive(consentOf(undefined, INITIAL));
    app.provide(key, shallowReadonly(consent));
    const mount = app.mount.bind(app);
    app.mount = (...args) => {
      const root = mount(...args);
      const instance = pageInstance(config, 'app.use(temoin)');
      // Each change replaces the members, `isAllowed` too: what read any of them renders again.
      const stop = instance.subscribe((state) => Object.assign(consent, consentOf(instance, state)));
      // `onUnmount` is Vue 3.5's; before it, an unmounted app's object simply goes on following.
      (app as Partial<typeof app>).onUnmount?.(stop);
      return root;
    };
  },
};

/** The consent state and actions, one reactive object (`consent.ready`). Needs `app.use(temoin)`. */
export function useConsent(): ConsentApi {
  const consent = inject(key, null);
  if (!consent) throw new Error('[temoin] useConsent() needs app.use(temoin)');
  return consent;
}

/** Renders its default slot only while `category` is allowed, else its `fallback` slot (default: nothing). */
export const Consent = defineComponent({
  name: 'Consent',
  props: { category: { type: String, required: true } },
  slots: Object as SlotsType<{ default?: () => VNode[]; fallback?: () => VNode[] }>,
  setup(props, { slots }) {
    const consent = useConsent();
    return () => (consent.isAllowed(props.category) ? slots.default : slots.fallback)?.();
  },
});
