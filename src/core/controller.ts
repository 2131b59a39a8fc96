import { createBlocker, type Blocker } from './blocker';
import { clearCategory } from './cleanup';
import {
  acceptAllIds,
  allowedIds,
  counting,
  decide,
  difference,
  isAllowed,
  refusedByGpc,
  type Context,
} from './consent';
import { startConsentMode, type ConsentMode } from './consent-mode';
import { defaultConfig } from './defaults';
import { createEmitter } from './emitter';
import { regional, resolveLanguage } from './language';
import { error, warn } from './log';
import { createProofSender, type ProofSender } from './proof';
import { decodeDecision, encodeRecord } from './record-codec';
import { jurisdictionOf, type Jurisdiction } from './regions';
import { reloadWithout } from './reload';
import { forgetDecision, readDecision, stored, writeDecision } from './repository';
import { syncTabs, type TabSync } from './tab-sync';
import { validateConfig } from './validate';
import type { CategoryId, ConsentMethod, ConsentRecord, ResolvedConfig, Temoin, TemoinConfig, TemoinEvents } from './types';

/** What the UI shows: nothing, the first layer (a banner, or a notice outside opt-in), or the preferences dialog. */
export type View = 'none' | 'banner' | 'preferences';

/** Events for a UI layer, on top of the public ones. */
export interface ControllerEvents extends TemoinEvents {
  view: View;
  language: string;
  /** An iframe held back, at each refresh of the blocker while it is, for the UI to explain. */
  blockedIframe: { iframe: HTMLIFrameElement; category: CategoryId };
  /** The instance is torn down: UI layers take their elements away. */
  destroy: null;
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

export interface ControllerOptions {
  /** CSP nonce of the page, from the loading script. */
  nonce?: string;
  /** The visitor's region as the page states it (`US-CA`), read at the start; anything else reads as unknown. */
  region?: () => string;
  /** What `init(config)` does on an existing instance; by default it warns and does nothing. */
  init?: (config?: TemoinConfig) => void;
  /** Called once the instance is destroyed. */
  destroyed?: () => void;
}

/** Effects of a change of decision that each may fail alone: a failure is reported and the others still run. */
const attempt = (what: string, effect: () => void) => {
  try {
    effect();
  } catch (problem) {
    error(`${what} failed: ${String(problem)}`);
  }
};

/**
 * The consent manager: it owns the decision in force and tells the world, and the effects (the
 * cookie, the proof, the other tabs, Consent Mode, the blocker, withdrawal) follow each change in
 * a fixed order. It is created at once (so `window.Temoin` exists synchronously) and started with
 * the configuration, which is checked before anything reads it; API calls made before the start
 * run right after it.
 */
export function createController(options: ControllerOptions = {}): {
  controller: Controller;
  /** Starts with the configuration as given (checked first), or the error that prevented reading it. */
  start: (input: unknown) => void;
} {
  const events = createEmitter<ControllerEvents>();
  const gpc = (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
  let region = '';
  let context: Context = { config: defaultConfig(), failed: true, jurisdiction: { key: '*', model: 'opt-in' }, gpc };
  /** API calls made before the start, run right after it; `undefined` once started. */
  let waiting: (() => void)[] | undefined = [];
  let destroyed = false;
  /** The decision in force. */
  let record: ConsentRecord | null = null;
  /** The last record written, even one that no longer counts: its id and creation date carry over. */
  let previous: ConsentRecord | null = null;
  let view: View = 'none';
  let language = 'en';
  let languages: string[] = [];
  let blocker: Blocker | undefined;
  let consentMode: ConsentMode | null = null;
  let proofs: ProofSender | undefined;
  let tabs: TabSync | undefined;
  /** The record `ready` announced, replayed to later `ready` listeners; `undefined` before that. */
  let ready: ConsentRecord | null | undefined;

  const emit = <E extends keyof TemoinEvents>(event: E, detail: ControllerEvents[E]) => {
    events.emit(event, detail);
    dispatchEvent(new CustomEvent(`temoin:${event}`, { detail }));
  };
  const setView = (next: View) => {
    view = next;
    events.emit('view', next);
  };
  const allowed = (id: CategoryId) => isAllowed(context, record, id);
  /** Where the closed notice is remembered: the consent cookie's name, and the entry it was closed under. */
  const noticeKey = () => `${context.config.cookie.name}-notice`;
  const noticeEntry = () => `${context.jurisdiction.model}:${context.jurisdiction.key}`;
  /** Without a decision in force: opt-in asks; the other models show their notice until closed (opt-out: once). */
  const firstLayer = (): View => {
    if (record) return 'none';
    if (context.jurisdiction.model === 'opt-in') return 'banner';
    if (stored(noticeKey()) === noticeEntry()) return 'none';
    if (context.jurisdiction.model === 'opt-out') stored(noticeKey(), noticeEntry());
    return 'banner';
  };

  /**
   * Makes `next` the decision in force and carries out what follows, in order: the cookie (`value`
   * for a decision taken here, '' to forget it), the proof, the other tabs, Consent Mode, the
   * release of what is now allowed, the events, and the withdrawal of what no longer is.
   */
  const apply = (next: ConsentRecord | null, value?: string) => {
    const before = allowedIds(context, record);
    record = next;
    const change = difference(before, allowedIds(context, record));
    const { config } = context;
    if (value !== undefined) {
      attempt('storing the decision', () => {
        if (next) writeDecision(config.cookie, value, next.updatedAt);
        else forgetDecision(config.cookie);
      });
      if (next) attempt('sending the proof', () => proofs?.send(next));
      attempt('telling the other tabs', () => tabs?.announce(value));
    }
    if (!context.failed) attempt('Consent Mode', () => consentMode?.update(next));
    attempt('releasing what is allowed', () => blocker?.refresh());
    if (next) emit('consent', next);
    if (change.granted.length || change.revoked.length) emit('change', change);
    if (change.revoked.length)
      attempt('withdrawal', () => {
        for (const id of change.revoked) clearCategory(config.categories[id] ?? {}, config.cookie.name);
        if (config.reloadOnWithdraw && change.revoked.some((id) => blocker?.released.has(id))) reloadWithout(change.revoked);
      });
  };

  const decideNow = (wanted: CategoryId[], method: ConsentMethod) => {
    for (const id of wanted) if (!Object.hasOwn(context.config.categories, id)) warn(`accept(): unknown category "${id}" ignored`);
    const next = decide(context, previous, wanted, method, language);
    previous = next;
    apply(next, encodeRecord(next, !context.failed));
    // Closed once the decision is in force: what replaces the banner (the reopen button) is there.
    setView('none');
  };

  /** Another tab decided (its cookie value) or forgot ('') the decision. */
  const adopt = (value: string) => {
    const decision = decodeDecision(value);
    previous = decision?.record ?? null;
    apply(counting(context, decision));
    if (view !== 'preferences') setView(firstLayer());
  };

  /** Wraps an API call: run after the start when made before it; refused once destroyed; never throws into the page. */
  const guarded =
    <A extends unknown[]>(name: string, action: (...args: A) => void) =>
    (...args: A) => {
      if (destroyed) warn(`${name}(): this instance was destroyed`);
      else if (waiting) waiting.push(() => { attempt(`${name}()`, () => { action(...args); }); });
      else attempt(`${name}()`, () => { action(...args); });
    };

  const controller: Controller = {
    get config() {
      return context.config;
    },
    get view() {
      return view;
    },
    get language() {
      return language;
    },
    get languages() {
      return languages;
    },
    get jurisdiction() {
      return context.jurisdiction;
    },
    gpc,
    refusedByGpc: (id) => refusedByGpc(context, id),
    init: (config) => {
      if (options.init) options.init(config);
      else warn('init() called twice: returning the same instance');
      return controller;
    },
    acceptAll: guarded('acceptAll', () => {
      decideNow(acceptAllIds(context), 'accept-all');
    }),
    rejectAll: guarded('rejectAll', () => {
      decideNow([], 'reject-all');
    }),
    accept: guarded('accept', (wanted: CategoryId[]) => {
      decideNow(Array.isArray(wanted) ? wanted : [], 'custom');
    }),
    isAllowed: (id) => !waiting && allowed(id),
    getRecord: () => record,
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
      setView('none');
    }),
    setLanguage: guarded('setLanguage', (code: string) => {
      const found = languages.find((l) => l === code) ?? languages.find((l) => l === code.split('-')[0]);
      if (found) events.emit('language', (language = regional(found, code, region)));
      else warn(`setLanguage(): no texts for "${code}"`);
    }),
    reset: guarded('reset', () => {
      previous = null;
      apply(null, '');
      setView(firstLayer());
    }),
    destroy: guarded('destroy', () => {
      destroyed = true;
      for (const stop of [blocker?.stop, tabs?.stop, proofs?.stop]) if (stop) attempt('destroy()', stop);
      events.emit('destroy', null);
      events.clear();
      options.destroyed?.();
    }),
    on: (event, listener) => {
      if (event === 'ready' && ready !== undefined) {
        const replay = ready as ControllerEvents[typeof event];
        queueMicrotask(() => {
          listener(replay);
        });
      }
      return events.on(event, listener);
    },
  };

  /** Starts with a configuration: checked first; rejected, it fails closed on the defaults. */
  const begin = (input: unknown) => {
    const { config, errors, warnings } =
      input instanceof Error ? { config: defaultConfig(), errors: [input.message], warnings: [] } : validateConfig(input);
    warnings.forEach(warn);
    errors.forEach(error);
    const failed = errors.length > 0;
    if (failed) error('configuration rejected: nothing tagged will run');
    region = options.region?.() ?? '';
    // A rejected configuration's regions are unknown: the strictest model, opt-in, applies.
    context = { config, failed, jurisdiction: failed ? context.jurisdiction : jurisdictionOf(config.regions, region), gpc };

    // Languages a site adds; its texts for a variant of English or French (`fr-CA`) are not a language of their own.
    const added = Object.keys(config.translations).filter((code) => !['en', 'fr'].includes(code.split('-')[0] ?? ''));
    languages = [...new Set(['en', 'fr', ...added])];
    const decision = readDecision(config.cookie.name);
    previous = decision?.record ?? null;
    record = counting(context, decision);
    language = resolveLanguage(config.language, languages, record?.language, region);

    attempt('Consent Mode', () => {
      consentMode = startConsentMode(config, context.jurisdiction.model, (id) => refusedByGpc(context, id), allowed);
      if (record && !failed) consentMode?.update(record);
    });
    attempt('tab sync', () => {
      tabs = syncTabs(`temoin:${config.cookie.name}`, adopt);
    });
    if (!failed && config.recordEndpoint)
      attempt('proof of consent', () => {
        proofs = createProofSender(config.recordEndpoint, `${config.cookie.name}-proofs`);
      });
    // Last: once tagged elements are released, nothing before may fail.
    if (!failed)
      attempt('the blocker', () => {
        blocker = createBlocker({
          known: (id) => Object.hasOwn(config.categories, id),
          granted: allowed,
          refused: (id) => !!record?.refused.includes(id),
          nonce: config.nonce || options.nonce || '',
          onBlockedIframe: (iframe, category) => {
            events.emit('blockedIframe', { iframe, category });
          },
        });
        blocker.refresh();
      });
  };

  const start = (input: unknown) => {
    try {
      begin(input);
    } catch (problem) {
      // A fault of Témoin's own: report it and fail closed, with the banner still offered.
      error(`could not start (${String(problem)}): nothing tagged will run`);
      blocker?.stop();
      blocker = undefined;
      context = { ...context, failed: true };
    }
    const calls = waiting ?? [];
    waiting = undefined;
    attempt('showing the banner', () => {
      setView(firstLayer());
    });
    for (const call of calls) call();
    emit('ready', (ready = record));
  };

  return { controller, start };
}
