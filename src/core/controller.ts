import { createBlocker, type Blocker } from './blocker';
import { forgetChecked, rememberChecked, wasChecked } from './checked';
import {
  acceptAllIds,
  allowedIds,
  decisionInForce,
  difference,
  isAllowed,
  isRefused,
  refusedByGpc,
  type Context,
} from './consent';
import { startConsentMode, type ConsentMode, type PendingConsentMode } from './consent-mode';
import { defaultConfig, resolve } from './defaults';
import { createEmitter } from './emitter';
import { regional, resolveLanguage } from './language';
import { attempt, error, warn } from './log';
import { decodeDecision, encodeRecord } from './record-codec';
import { jurisdictionOf, type Jurisdiction } from './regions';
import { readDecisions, stored } from './repository';
import { afterPaint, whenIdle } from './schedule';
import { syncTabs, type TabSync } from './tab-sync';
import type { DecisionEffects } from './decision-effects';
import type { Validation } from './validate';
import type { CategoryId, ConsentMethod, ConsentRecord, ConsentState, ResolvedConfig, Temoin, TemoinConfig, TemoinEvents } from './types';

/** What the UI shows: nothing, the first layer (a banner, or a notice outside opt-in), or the preferences dialog. */
export type View = 'none' | 'banner' | 'preferences';

/** Events for a UI layer, on top of the public ones. */
export interface ControllerEvents extends TemoinEvents {
  view: View;
  language: string;
  /** An iframe held back, each time the blocker looks at it while it is, for the UI to explain. */
  blockedIframe: { iframe: HTMLIFrameElement; category: CategoryId };
  /** The instance is torn down: UI layers take their elements away. */
  destroy: null;
  /** The store's state changed (see `subscribe`). */
  state: ConsentState;
}

/** The public API plus the state a UI renders from (what a headless integration builds on). */
export interface Controller extends Temoin {
  readonly config: ResolvedConfig;
  readonly view: View;
  /** The language shown: a code of `languages`, or `fr-CA` for Québec French. */
  readonly language: string;
  /** Languages offered by the switcher: English, French, and any added in `translations`. */
  readonly languages: string[];
  /** The browser sends Global Privacy Control. */
  readonly gpc: boolean;
  /** The `regions` entry in force, and its consent model. */
  readonly jurisdiction: Jurisdiction;
  /** Whether Global Privacy Control refuses `id` without a click (opt-out model, `gpcOptOut`). */
  refusedByGpc: (id: CategoryId) => boolean;
  /** Closes the first-visit notice (opt-out and notice models) for good. */
  dismiss: () => void;
  on: <E extends keyof ControllerEvents>(event: E, listener: (detail: ControllerEvents[E]) => void) => () => void;
}

/** The configuration checks (`validateConfig`), or a promise of them when they are loaded on demand. */
export type Checks = () => Validate | Promise<Validate>;
/** `validateConfig`: checks a configuration, for the page on `host`. */
type Validate = (input: unknown, host: string) => Validation;

export interface ControllerOptions {
  /** The configuration checks, for a configuration this browser has not found valid before. */
  checks: Checks;
  /** What deciding does (decision-effects.ts), or a promise of it when it is loaded on demand. */
  effects: () => DecisionEffects | Promise<DecisionEffects>;
  /** CSP nonce of the page, from the loading script. */
  nonce?: string;
  /** The visitor's region as the page states it (`US-CA`), read at the start; anything else reads as unknown. */
  region?: () => string;
  /** What `init(config)` does on an existing instance; by default it warns and does nothing. */
  init?: (config?: TemoinConfig) => void;
  /** Called once the instance is destroyed. */
  destroyed?: () => void;
}

/**
 * The consent manager: it owns the decision in force and tells the world, and the effects (the
 * cookie, the proof, the other tabs, Consent Mode, the blocker, withdrawal) follow each change in
 * a fixed order. It is created at once (so `window.Temoin` exists synchronously, and Google is
 * told its all-denied default before any later script runs) and started with the configuration,
 * which is checked before anything reads it unless this browser found the very same text valid
 * before; API calls made before the start run right after it.
 *
 * Two paths, each as short as it can be:
 * - the start path (`start` → `begin`): the configuration, the cookie, the decision in force,
 *   Consent Mode, the release of what it allows; the rest (proofs an earlier page left, the
 *   reopen button) waits for idle time, and listening to the other tabs for the page to be left.
 * - the decision path (`decideHere` → `carryOut`): the cookie, then what shows; once that is
 *   painted, the other tabs, Consent Mode, the releases in slices, the events, the check that the
 *   cookie holds, and the withdrawal of what is no longer allowed.
 */
export function createController(options: ControllerOptions): {
  controller: Controller;
  /**
   * Starts with the configuration as given, or the error that prevented reading it. `text` is
   * the configuration's source text, when it came as text: what is compared with the texts found valid before.
   */
  start: (input: unknown, text?: string) => void;
} {
  const events = createEmitter<ControllerEvents>();
  const gpc = (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
  /** Google is told its all-denied default at once; the configuration settles it. A page that broke `gtag` breaks only this. */
  let consentMode: PendingConsentMode | undefined;
  attempt('Consent Mode', () => {
    consentMode = startConsentMode();
  });

  /** The start path's step: waiting for the configuration, checking it, started, or destroyed. */
  let step: 'configuring' | 'checking' | 'started' | 'destroyed' = 'configuring';
  /** API calls made before the start, run right after it. */
  const callsBeforeStart: (() => void)[] = [];
  /** What holds: what decisions are judged against, the decision in force, and the last one written here (its id and creation date carry over). */
  const holds: { context: Context; record: ConsentRecord | null; previous: ConsentRecord | null } = {
    context: { config: defaultConfig(), failed: true, jurisdiction: { key: '*', model: 'opt-in' }, gpc },
    record: null,
    previous: null,
  };
  /** What is shown, and in which language. */
  const shown: { view: View; language: string; languages: string[]; region: string } = { view: 'none', language: 'en', languages: [], region: '' };
  /** The effects the start path sets going. */
  const effects: { consentMode?: ConsentMode | null | undefined; blocker?: Blocker; tabs?: TabSync } = {};
  /** What `ready` announced, replayed to later `ready` listeners and store subscribers. */
  let ready: { record: ConsentRecord | null } | undefined;
  let state: ConsentState = { ready: false, record: null };
  /**
   * The text of the configuration checked and found valid on this page: remembered once Témoin
   * stores something for this visitor anyway (a decision, a closed notice), so that nothing is
   * stored before.
   */
  let foundValid = '';
  const keepFoundValid = () => {
    if (foundValid) rememberChecked(foundValid, config().cookie.expiresDays);
    foundValid = '';
  };

  const config = () => holds.context.config;
  const emit = <E extends keyof TemoinEvents>(event: E, detail: ControllerEvents[E]) => {
    events.emit(event, detail);
    dispatchEvent(new CustomEvent(`temoin:${event}`, { detail }));
  };
  const publish = () => {
    if (state.ready !== !!ready || state.record !== holds.record) events.emit('state', (state = { ready: !!ready, record: holds.record }));
  };
  const setView = (next: View) => {
    shown.view = next;
    // What shows leads to a decision: what deciding does loads beside it.
    if (next !== 'none') void Promise.resolve(loadEffects()).catch(() => undefined);
    events.emit('view', next);
  };
  const allowed = (id: CategoryId) => isAllowed(holds.context, holds.record, id);
  /** Where the closed notice is remembered: the consent cookie's name, and the entry it was closed under. */
  const noticeKey = () => `${config().cookie.name}-notice`;
  const noticeEntry = () => `${holds.context.jurisdiction.model}:${holds.context.jurisdiction.key}`;
  /** Without a decision in force: opt-in asks; the other models show their notice until closed (opt-out: once). */
  const firstLayer = (): View => {
    if (holds.record) return 'none';
    if (holds.context.jurisdiction.model === 'opt-in') return 'banner';
    if (stored(noticeKey()) === noticeEntry()) return 'none';
    if (holds.context.jurisdiction.model === 'opt-out') stored(noticeKey(), noticeEntry());
    return 'banner';
  };
  const tabs = () => (effects.tabs ??= syncTabs(`${config().cookie.name}-tabs`, adopt));
  /**
   * Listens to the other tabs from the moment another can be used: once this page is hidden or
   * its window left (at idle time if it already is). Registering for storage events is a page's
   * first use of localStorage, a round trip to the browser: a page view never left pays none.
   */
  const listenToTabs = () => {
    if (step !== 'destroyed') attempt('tab sync', tabs);
  };
  const proofsKey = () => `${config().cookie.name}-proofs`;

  /** What deciding does, once loaded (or loading: API decisions wait for it, in order). */
  let decisionEffects: DecisionEffects | Promise<DecisionEffects> | undefined;
  const loadEffects = () => {
    if (decisionEffects) return decisionEffects;
    let loading: DecisionEffects | Promise<DecisionEffects>;
    try {
      loading = options.effects();
    } catch (problem) {
      loading = Promise.reject(problem instanceof Error ? problem : new Error(String(problem)));
    }
    decisionEffects =
      loading instanceof Promise
        ? loading.then(
            (loaded) => (decisionEffects = loaded),
            (problem: unknown) => {
              // Fetched again the next time it is wanted.
              decisionEffects = undefined;
              throw problem;
            },
          )
        : loading;
    return decisionEffects;
  };
  /**
   * Runs `use` with what deciding does: at once when it is there, else once it has loaded. If it
   * cannot be loaded, nothing is decided and the console says so (the banner stays).
   */
  const withEffects = (what: string, use: (loaded: DecisionEffects) => void) => {
    const loaded = loadEffects();
    if (!(loaded instanceof Promise)) attempt(what, () => { use(loaded); });
    else
      loaded.then(
        (ready) => { attempt(what, () => { use(ready); }); },
        (problem: unknown) => { error(`${what}: what deciding needs could not be loaded (${String(problem)}): nothing was changed`); },
      );
  };

  /**
   * What follows a change of the decision in force, once what shows is painted: the other tabs
   * (`value`: the cookie value of a decision taken here, '' for one forgotten here), Consent Mode,
   * the release of what is now allowed, the events, the check that the cookie holds, and the
   * withdrawal of what no longer is.
   */
  const carryOut = async (before: CategoryId[], next: ConsentRecord | null, value?: string) => {
    const { context } = holds;
    const change = difference(before, allowedIds(context, next));
    if (value !== undefined) {
      await afterPaint();
      // Only the next page needs to know the configuration was found valid: not in the click's task.
      if (next) keepFoundValid();
      attempt('telling the other tabs', () => {
        tabs().announce(value);
      });
    }
    if (step === 'destroyed') return;
    if (!context.failed) attempt('Consent Mode', () => effects.consentMode?.update(next, (id) => isAllowed(context, next, id)));
    await effects.blocker?.releaseAll();
    if (next) emit('consent', next);
    if (change.granted.length || change.revoked.length) emit('change', change);
    publish();
    if (next && value)
      withEffects('storing the decision', (loaded) => {
        loaded.confirm(context.config.cookie, value, next.updatedAt);
      });
    if (change.revoked.length)
      withEffects('withdrawal', (loaded) => {
        loaded.withdraw(context.config, change.revoked, change.revoked.some((id) => effects.blocker?.released.has(id)));
      });
  };

  /**
   * Makes `next` the decision in force: the cookie first (`value`; '' forgets it), so that nothing
   * released can run before the decision is stored, and its proof kept for sending; then what
   * shows, and the rest once it is painted.
   */
  const decideHere = (loaded: DecisionEffects, next: ConsentRecord | null, value: string) => {
    const before = allowedIds(holds.context, holds.record);
    const { cookie, recordEndpoint } = config();
    attempt('storing the decision', () => {
      loaded.store(cookie, next, value);
    });
    if (next && !holds.context.failed && recordEndpoint) attempt('sending the proof', () => {
      loaded.prove(recordEndpoint, proofsKey(), next);
    });
    holds.record = next;
    if (!next) forgetChecked();
    setView(next ? 'none' : firstLayer());
    void carryOut(before, next, value);
  };

  const decideNow = (wanted: CategoryId[], method: ConsentMethod) => {
    for (const id of wanted) if (!Object.hasOwn(config().categories, id)) warn(`accept(): unknown category "${id}" ignored`);
    withEffects('deciding', (loaded) => {
      const next = loaded.decide(holds.context, holds.previous, wanted, method, shown.language);
      holds.previous = next;
      decideHere(loaded, next, encodeRecord(next, !holds.context.failed));
    });
  };

  /** Makes `next` the decision in force, decided elsewhere (another tab, another page of the site). */
  const follow = (next: ConsentRecord | null, previous: ConsentRecord | null) => {
    const before = allowedIds(holds.context, holds.record);
    holds.previous = previous;
    holds.record = next;
    if (shown.view !== 'preferences') setView(firstLayer());
    void carryOut(before, next);
  };

  /**
   * Another tab decided (its cookie value) or forgot ('') the decision. Only those two messages
   * count: anything else on the channel is ignored, never taken for "forget".
   */
  function adopt(value: unknown) {
    if (typeof value !== 'string' || step !== 'started') return;
    const decision = value ? decodeDecision(value) : null;
    if (value && !decision) return;
    follow(decision ? decisionInForce(holds.context, [decision]) : null, decision?.record ?? null);
  }

  /**
   * A page shown again from the back/forward cache runs on as it was left: if the decision changed
   * meanwhile (a withdrawal on another page of the site), it follows, withdrawal included.
   */
  const reshown = (event: PageTransitionEvent) => {
    if (!event.persisted || step !== 'started') return;
    const decisions = readDecisions(config().cookie.name);
    const now = decisionInForce(holds.context, decisions);
    const value = (record: ConsentRecord | null) => (record ? encodeRecord(record) : '');
    if (value(now) !== value(holds.record)) follow(now, decisions[0]?.record ?? null);
  };

  /** Wraps an API call: run after the start when made before it; refused once destroyed; never throws into the page. */
  const guarded =
    <A extends unknown[]>(name: string, action: (...args: A) => void) =>
    (...args: A) => {
      const call = () => {
        attempt(`${name}()`, () => {
          action(...args);
        });
      };
      if (step === 'destroyed') warn(`${name}(): this instance was destroyed`);
      else if (step !== 'started') callsBeforeStart.push(call);
      else call();
    };

  const controller: Controller = {
    get config() {
      return config();
    },
    get view() {
      return shown.view;
    },
    get language() {
      return shown.language;
    },
    get languages() {
      return shown.languages;
    },
    get jurisdiction() {
      return holds.context.jurisdiction;
    },
    gpc,
    refusedByGpc: (id) => refusedByGpc(holds.context, id),
    init: (input) => {
      if (options.init) options.init(input);
      else warn('init() called twice: returning the same instance');
      return controller;
    },
    acceptAll: guarded('acceptAll', () => {
      decideNow(acceptAllIds(holds.context), 'accept-all');
    }),
    rejectAll: guarded('rejectAll', () => {
      decideNow([], 'reject-all');
    }),
    accept: guarded('accept', (wanted: CategoryId[]) => {
      decideNow(Array.isArray(wanted) ? wanted : [], 'custom');
    }),
    isAllowed: (id) => step === 'started' && allowed(id),
    getRecord: () => holds.record,
    showBanner: guarded('showBanner', () => {
      setView('banner');
    }),
    showPreferences: guarded('showPreferences', () => {
      setView('preferences');
    }),
    hide: guarded('hide', () => {
      setView('none');
    }),
    dismiss: guarded('dismiss', () => {
      stored(noticeKey(), noticeEntry());
      keepFoundValid();
      setView('none');
    }),
    setLanguage: guarded('setLanguage', (code: string) => {
      const found = shown.languages.find((l) => l === code) ?? shown.languages.find((l) => l === code.split('-')[0]);
      if (found) events.emit('language', (shown.language = regional(found, code, shown.region)));
      else warn(`setLanguage(): no texts for "${code}"`);
    }),
    reset: guarded('reset', () => {
      withEffects('reset()', (loaded) => {
        holds.previous = null;
        decideHere(loaded, null, '');
      });
    }),
    destroy: guarded('destroy', () => {
      step = 'destroyed';
      const loaded = decisionEffects instanceof Promise ? undefined : decisionEffects;
      removeEventListener('pageshow', reshown);
      for (const stop of [effects.blocker?.stop, effects.tabs?.stop, loaded?.stop]) if (stop) attempt('destroy()', stop);
      events.emit('destroy', null);
      events.clear();
      options.destroyed?.();
    }),
    subscribe: (listener) => {
      listener(state);
      return events.on('state', listener);
    },
    on: (event, listener) => {
      if (event === 'ready' && ready) {
        const { record } = ready;
        queueMicrotask(() => {
          (listener as (detail: ConsentRecord | null) => void)(record);
        });
      }
      return events.on(event, listener);
    },
  };

  /**
   * The start path once the configuration is known (rejected: fail closed on the defaults): the
   * decision in force, Consent Mode, the blocker; then the first layer, `ready`, and the calls
   * made before the start. What no one waits for is left for idle time.
   */
  const begin = ({ config: checked, errors, warnings }: Validation) => {
    warnings.forEach(warn);
    errors.forEach(error);
    const failed = errors.length > 0;
    if (failed) error('configuration rejected: nothing tagged will run');
    shown.region = options.region?.() ?? '';
    // A rejected configuration's regions are unknown: the strictest model, opt-in, applies.
    holds.context = { config: checked, failed, jurisdiction: failed ? holds.context.jurisdiction : jurisdictionOf(checked.regions, shown.region), gpc };
    const { context } = holds;

    // Languages a site adds; its texts for a variant of English or French (`fr-CA`) are not a language of their own.
    const added = Object.keys(checked.translations).filter((code) => !['en', 'fr'].includes(code.split('-')[0] ?? ''));
    shown.languages = [...new Set(['en', 'fr', ...added])];
    const decisions = readDecisions(checked.cookie.name);
    holds.previous = decisions.map((decision) => decision.record).reduce<ConsentRecord | null>((a, b) => (a && a.updatedAt > b.updatedAt ? a : b), null);
    holds.record = decisionInForce(context, decisions);
    shown.language = resolveLanguage(checked.language, shown.languages, holds.record?.language, shown.region);

    attempt('Consent Mode', () => {
      effects.consentMode = consentMode?.settle(checked, context.jurisdiction.model, (id) => refusedByGpc(context, id));
      if (holds.record && !failed) effects.consentMode?.update(holds.record, allowed);
    });
    // Last: once tagged elements are released, nothing before may fail.
    if (!failed)
      attempt('the blocker', () => {
        effects.blocker = createBlocker({
          known: (id) => Object.hasOwn(checked.categories, id),
          allowed,
          refused: (id) => isRefused(context, holds.record, id),
          nonce: checked.nonce || options.nonce || '',
          onBlockedIframe: (iframe, category) => {
            events.emit('blockedIframe', { iframe, category });
          },
        });
      });
    addEventListener('pageshow', reshown);
    // What no one waits for: listening to the other tabs (once the page is left), and the proofs an earlier page could not deliver.
    whenIdle(() => {
      if (step === 'destroyed') return;
      if (document.hidden || !document.hasFocus()) listenToTabs();
      else {
        // Listening once is enough: later calls find the listener there.
        addEventListener('blur', listenToTabs);
        document.addEventListener('visibilitychange', listenToTabs);
      }
      if (!failed && checked.recordEndpoint && stored(proofsKey()))
        withEffects('proof of consent', (loaded) => {
          loaded.prove(checked.recordEndpoint, proofsKey());
        });
    });
  };

  /** Starts from `validation`; anything thrown is a fault of Témoin's own: reported, and it fails closed with the banner still offered. */
  const finish = (validation: () => Validation) => {
    if (step === 'destroyed') return;
    try {
      begin(validation());
    } catch (problem) {
      error(`could not start (${String(problem)}): nothing tagged will run`);
      effects.blocker?.stop();
      delete effects.blocker;
      holds.context = { ...holds.context, failed: true };
    }
    step = 'started';
    attempt('showing the banner', () => {
      setView(firstLayer());
    });
    // Remembered only for a visitor Témoin stores something for: a decision, or a closed notice
    // (never under opt-in, where asking for it would be a first visit's one use of localStorage).
    if (holds.record || (holds.context.jurisdiction.model !== 'opt-in' && stored(noticeKey()))) keepFoundValid();
    for (const call of callsBeforeStart.splice(0)) call();
    ready = { record: holds.record };
    emit('ready', holds.record);
    publish();
  };
  const rejected = (problem: string): Validation => ({ config: defaultConfig(), errors: [problem], warnings: [] });

  const start = (input: unknown, text?: string) => {
    if (input instanceof Error) {
      finish(() => rejected(input.message));
      return;
    }
    step = 'checking';
    let checkedText = text;
    try {
      checkedText ??= JSON.stringify(input);
    } catch {
      // Not serialisable (a cycle): checked, never remembered.
    }
    if (checkedText && wasChecked(checkedText)) {
      finish(() => ({ config: resolve(input as TemoinConfig), errors: [], warnings: [] }));
      return;
    }
    const check = (validate: Validate) => () => {
      const validation = validate(input, location.hostname);
      if (!validation.errors.length) foundValid = checkedText ?? '';
      return validation;
    };
    /** The checks could not be had (not loaded): fail closed. */
    const unchecked = (problem: unknown) => {
      finish(() => rejected(`config: could not check the configuration (${String(problem)})`));
    };
    let checks: ReturnType<Checks>;
    try {
      checks = options.checks();
    } catch (problem) {
      unchecked(problem);
      return;
    }
    if (typeof checks === 'function') finish(check(checks));
    else
      checks.then((validate) => {
        finish(check(validate));
      }, unchecked);
  };

  return { controller, start };
}
