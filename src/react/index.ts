/**
 * `temoin/react`: Témoin in React 18 and 19 apps. Components render the same on the server and
 * in the browser's first render (Témoin not started); Témoin starts after that render, once per
 * page, and every component that reads consent renders again at each change.
 */
import {
  createContext,
  createElement,
  Fragment,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactElement,
  type ReactNode,
} from 'react';
import { consentOf, INITIAL, pageInstance, stateOf, type ConsentApi } from '../bindings/consent';
import type { CategoryId, Temoin, TemoinConfig } from '../core/types';

export type { ConsentApi } from '../bindings/consent';

/** The page's instance: `null` until the provider has started it, `undefined` outside any provider. */
const Instance = createContext<Temoin | null | undefined>(undefined);

export interface TemoinProviderProps {
  /** Témoin's configuration, used when no script tag started Témoin already; read once. */
  config?: TemoinConfig;
  children?: ReactNode;
}

/**
 * Starts Témoin once per page with its banner (or uses the instance a script tag started) after
 * its first render, and gives it to `useConsent()` below. Its children render at once.
 */
export function TemoinProvider({ config, children }: TemoinProviderProps): ReactElement {
  const [instance, setInstance] = useState<Temoin | null>(null);
  // In an effect, which the server never runs and the browser runs after hydration: both render
  // the state before the start. The configuration is read once, as Témoin starts once per page.
  useEffect(() => {
    setInstance(pageInstance(config, '<TemoinProvider>'));
  }, []);
  return createElement(Instance.Provider, { value: instance }, children);
}

const idle = () => () => undefined;
const initial = () => INITIAL;

/** The consent state and actions; the component renders again at every change. Needs a `<TemoinProvider>` above. */
export function useConsent(): ConsentApi {
  const instance = useContext(Instance);
  if (instance === undefined) throw new Error('[temoin] useConsent() must be used inside <TemoinProvider>');
  const state = useSyncExternalStore(instance?.subscribe ?? idle, instance ? () => stateOf(instance) : initial, initial);
  return useMemo(() => consentOf(instance ?? undefined, state), [instance, state]);
}

export interface ConsentProps {
  category: CategoryId;
  /** What stands in while the category is not allowed (and on the server); default: nothing. */
  fallback?: ReactNode;
  children?: ReactNode;
}

/** Renders its children only while `category` is allowed, else `fallback`. */
export function Consent({ category, fallback = null, children }: ConsentProps): ReactElement {
  return createElement(Fragment, null, useConsent().isAllowed(category) ? children : fallback);
}

export interface ConsentScriptProps {
  category: CategoryId;
  src: string;
  /** More attributes of the script, as in HTML (`data-domain`, `id`, `async`): a string sets one, `true` sets it empty. */
  [attribute: string]: string | boolean | undefined;
}

/** Scripts added on this page, by category and address: a component mounted again adds nothing. */
const added = new Set<string>();

/**
 * Adds the script once per page load, when `category` is allowed; renders nothing. It is added
 * as a tagged, inert `<script type="text/plain">` that Témoin releases as it does the page's own
 * (and never without an instance that allows it), so it counts as released for withdrawal.
 */
export function ConsentScript({ category, src, ...attributes }: ConsentScriptProps): null {
  // Once per script: its other attributes are read when it is added.
  useEffect(() => {
    const key = `${category} ${src}`;
    if (added.has(key)) return;
    added.add(key);
    const script = document.createElement('script');
    for (const [name, value] of Object.entries(attributes))
      if (typeof value === 'string' || value === true) script.setAttribute(name, value === true ? '' : value);
    script.type = 'text/plain';
    script.setAttribute('data-category', category);
    script.setAttribute('data-src', src);
    document.head.append(script);
  }, [category, src]);
  return null;
}
