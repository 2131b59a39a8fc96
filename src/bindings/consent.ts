/**
 * What `temoin/react` and `temoin/vue` share: the page's instance, its state, and the object
 * `useConsent()` gives. Nothing here runs on import, and nothing touches the browser until a
 * binding asks for the instance, in the browser, once the first render is on screen.
 */
import { init } from '../index';
import { warn } from '../core/log';
import type { CategoryId, ConsentState, Temoin, TemoinConfig } from '../core/types';

/** What `useConsent()` returns: the state, and the actions a component calls. */
export interface ConsentApi extends ConsentState {
  /** Whether the category is allowed in the state rendered now; `false` until Témoin is ready (and on the server). */
  isAllowed: (id: CategoryId) => boolean;
  acceptAll: () => void;
  rejectAll: () => void;
  /** Grant exactly these categories (plus the required ones) and refuse the rest. */
  accept: (ids: CategoryId[]) => void;
  showPreferences: () => void;
}

/** The state on the server and in the first render in the browser, so that both render the same. */
export const INITIAL: ConsentState = { ready: false, record: null };

/** The instance's state now: a store calls its subscriber at once. */
export const stateOf = (instance: Temoin): ConsentState => {
  let state = INITIAL;
  instance.subscribe((current) => (state = current))();
  return state;
};

/**
 * `useConsent()`'s object for `state`: `isAllowed` answers for that state (so a render agrees
 * with the state it shows, and with the server's before the start), the actions go to `instance`.
 */
export const consentOf = (instance: Temoin | undefined, state: ConsentState): ConsentApi => ({
  ...state,
  isAllowed: (id) => state.ready && !!instance?.isAllowed(id),
  acceptAll: () => instance?.acceptAll(),
  rejectAll: () => instance?.rejectAll(),
  accept: (ids) => instance?.accept(ids),
  showPreferences: () => instance?.showPreferences(),
});

/** The instance a binding started; any other running instance came from a script tag or the page's own `init()`. */
let started: Temoin | undefined;
let warned = false;

/**
 * The page's instance: the one already running (a script tag's, or an earlier start), else
 * Témoin started now with `config` and its banner, as `init()` from `temoin` does. A `config`
 * given while another instance runs is ignored, with one warning per page.
 */
export function pageInstance(config: TemoinConfig | undefined, by: string): Temoin {
  const running = window.Temoin;
  if (!running) return (started = init(config));
  if (config && running !== started && !warned) {
    warned = true;
    warn(`${by}: Témoin is already running on this page (its script tag, or init()); this configuration is ignored`);
  }
  return running;
}
