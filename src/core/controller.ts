import { createBlocker, type Blocker } from './blocker';
import { resolveConfig } from './config';
import { startConsentMode, type ConsentMode } from './consent-mode';
import { createEmitter } from './emitter';
import { resolveLanguage } from './language';
import { error, warn } from './log';
import { fingerprint } from './fingerprint';
import { decodeRecord, encodeRecord, uuid } from './record-codec';
import { readDecision } from './repository';
import { syncTabs } from './tab-sync';
import type { Validator } from './validate';
import type { Writer } from './writer';
import type {
  CategoryId,
  ConsentMethod,
  ConsentRecord,
  ResolvedConfig,
  Temoin,
  TemoinConfig,
  TemoinEvents,
} from './types';

/** What the UI shows: nothing, the first-layer banner, or the preferences dialog. */
export type View = 'none' | 'banner' | 'preferences';

/** Events for a UI layer, on top of the public ones. */
export interface ControllerEvents extends TemoinEvents {
  view: View;
  language: string;
  /** An iframe held back (again, at each decision that leaves it blocked), for the UI to explain. */
  blockedIframe: { iframe: HTMLIFrameElement; category: CategoryId };
}

/** The public API plus the state a UI renders from (what a headless integration builds on). */
export interface Controller extends Temoin {
  readonly config: ResolvedConfig;
  readonly view: View;
  readonly language: string;
  /** Languages offered by the switcher: English, French, and any added in `translations`. */
  readonly languages: string[];
  /** The browser sends Global Privacy Control. */
  readonly gpc: boolean;
  subscribe: <E extends keyof ControllerEvents>(event: E, listener: (detail: ControllerEvents[E]) => void) => () => void;
}

export interface ControllerOptions {
  /** The code that writes decisions (cookie, proof, clean-up); it may arrive later than the core. */
  writer: () => Writer | Promise<Writer>;
  /**
   * The configuration checks, asked for only when this browser has not found this configuration
   * valid before; `undecided`: no decision is stored either (a first visit: the banner comes next).
   */
  validator: (undecided: boolean) => Validator | Promise<Validator>;
  /** CSP nonce of the page, from the loading script. */
  nonce?: string;
}

/**
 * The consent manager: it owns the decision, releases tagged elements and tells the world.
 * It is created at once (so `window.Temoin` exists synchronously) and started when the
 * configuration is known; calls made before that wait for it. A decision changes the state at
 * once; writing it down (cookie, proof, clean-up) follows as soon as the writer is there.
 */
export function createController(options: ControllerOptions): {
  controller: Controller;
  /** Starts with the configuration (`text`: as written, for its fingerprint), or the error that prevented reading it. */
  start: (input: TemoinConfig | Error, text?: string) => void;
} {
  const events = createEmitter<ControllerEvents>();
  const gpc = (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
  let config: ResolvedConfig;
  /** The configuration was rejected: nothing tagged is released (fail closed). */
  let failed = false;
  /** API calls made before the start, run right after it; `undefined` once started. */
  let waiting: (() => void)[] | undefined = [];
  let record: ConsentRecord | null = null;
  /** The last record written, even an outdated one: its id and creation date carry over. */
  let previous: ConsentRecord | null = null;
  /** Fingerprint of the configuration in force once found valid, written with each decision. */
  let checked = '';
  let view: View = 'none';
  let language = 'en';
  let languages: string[] = [];
  let blocker: Blocker | undefined;
  let consentMode: ConsentMode | null = null;
  /** Tells the site's other tabs the new cookie value ('' once forgotten). */
  let announce: (value: string) => unknown = () => undefined;
  /** The record `ready` announced, replayed to later `ready` listeners; `undefined` before that. */
  let ready: ConsentRecord | null | undefined;
  /** Writing tasks, in order; the writer is loaded by the first one. */
  let writing: Promise<unknown> = Promise.resolve();

  const withWriter = (task: (w: Writer) => void) => {
    writing = writing
      .then(options.writer)
      .then(task)
      // The decision still applies to this page; the writer's part not loading was reported.
      .catch((problem: unknown) => {
        error(`could not store the decision: ${String(problem)}`);
      });
  };
  /** Wraps an API call so that, made before the configuration is known, it runs right after. */
  const queued =
    <A extends unknown[]>(action: (...args: A) => void) =>
    (...args: A) => {
      if (waiting) waiting.push(() => { action(...args); });
      else action(...args);
    };
  const emit = <E extends keyof TemoinEvents>(event: E, detail: ControllerEvents[E]) => {
    events.emit(event, detail);
    dispatchEvent(new CustomEvent(`temoin:${event}`, { detail }));
  };
  const ids = () => Object.keys(config.categories);
  const known = (id: CategoryId) => Object.hasOwn(config.categories, id);
  const required = (id: CategoryId) => config.categories[id]?.required === true;
  const isAllowed = (id: CategoryId) =>
    required(id) || (!failed && !!record?.granted.includes(id) && known(id));
  /** A stored record counts only under the current revision and if it covers every category. */
  const current = (stored: ConsentRecord | null) =>
    stored &&
    stored.revision >= config.revision &&
    ids().every((id) => stored.granted.includes(id) || stored.refused.includes(id))
      ? stored
      : null;
  const setView = (next: View) => {
    view = next;
    events.emit('view', next);
  };

  /**
   * Makes `next` the decision in force and carries out what follows from the change. `store`
   * is done first by the writer (the local decision's cookie and proof) before any clean-up.
   */
  const apply = (next: ConsentRecord | null, store?: (w: Writer) => void) => {
    const before = ids().filter(isAllowed);
    record = next;
    const after = ids().filter(isAllowed);
    const granted = after.filter((id) => !before.includes(id));
    const revoked = before.filter((id) => !after.includes(id));
    // Google's update goes before the release of tags that read it; listeners hear of it after.
    if (next && !failed) consentMode?.update(next);
    blocker?.refresh();
    if (next) emit('consent', next);
    if (granted.length || revoked.length) emit('change', { granted, revoked });
    if (store || revoked.length)
      withWriter((w) => {
        store?.(w);
        for (const id of revoked) w.clearCategory(config.categories[id] ?? {}, config.cookie.name);
        if (config.reloadOnWithdraw && revoked.some((id) => blocker?.released.has(id))) location.reload();
      });
  };

  const decide = (wanted: CategoryId[], method: ConsentMethod) => {
    for (const id of wanted) if (!known(id)) warn(`accept(): unknown category "${id}" ignored`);
    const granted = ids().filter((id) => required(id) || wanted.includes(id));
    const time = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const next: ConsentRecord = {
      v: 1,
      id: previous?.id ?? uuid(),
      revision: config.revision,
      granted,
      refused: ids().filter((id) => !granted.includes(id)),
      method,
      language,
      createdAt: previous?.createdAt ?? time,
      updatedAt: time,
    };
    if (gpc) next.gpc = true;
    previous = next;
    const value = encodeRecord(next, checked);
    apply(next, (w) => {
      w.storeRecord(config, next, value, true);
      announce(value);
    });
    // Closed once the decision is in force: what replaces the banner (the reopen button) is there.
    setView('none');
  };


  const controller: Controller = {
    get config() {
      return config;
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
    gpc,
    subscribe: events.on,
    init: () => {
      warn('init() called twice: returning the same instance');
      return controller;
    },
    acceptAll: queued(() => {
      decide(ids().filter((id) => !(gpc && config.categories[id]?.gpcOptOut)), 'accept-all');
    }),
    rejectAll: queued(() => {
      decide([], 'reject-all');
    }),
    accept: queued((wanted: CategoryId[]) => {
      decide(Array.isArray(wanted) ? wanted : [], 'custom');
    }),
    isAllowed: (id) => !waiting && isAllowed(id),
    getRecord: () => record,
    showBanner: queued(() => {
      setView('banner');
    }),
    showPreferences: queued(() => {
      setView('preferences');
    }),
    hide: queued(() => {
      setView('none');
    }),
    setLanguage: queued((code: string) => {
      if (languages.includes(code)) events.emit('language', (language = code));
      else warn(`setLanguage(): no texts for "${code}"`);
    }),
    reset: queued(() => {
      previous = null;
      apply(null, (w) => {
        w.forgetRecord(config.cookie);
        announce('');
      });
      setView('banner');
    }),
    on: (event, listener) => {
      if (event === 'ready' && ready !== undefined) {
        const replay = ready as TemoinEvents[typeof event];
        queueMicrotask(() => {
          listener(replay);
        });
      }
      return events.on(event, listener);
    },
  };

  /** Starts with a configuration known to be valid (`errors` empty) or rejected (fail closed). */
  const begin = (resolved: ResolvedConfig, errors: string[], warnings: string[]) => {
    config = resolved;
    warnings.forEach(warn);
    errors.forEach(error);
    failed = errors.length > 0;
    if (failed) error('configuration rejected: nothing tagged will run');

    languages = [...new Set(['en', 'fr', ...Object.keys(config.translations)])];
    const stored = readDecision(config.cookie.name);
    previous = stored?.record ?? null;
    record = current(previous);
    // Found valid again after a change: the cookie remembers it, so the next pages skip the checks.
    if (record && checked && stored?.checked !== checked) {
      const again = record;
      withWriter((w) => {
        w.storeRecord(config, again, encodeRecord(again, checked), false);
      });
    }
    language = resolveLanguage(config.language, languages, record?.language);
    if (record && !failed) consentMode?.update(record);
    // Another tab's decision comes with its cookie value: this tab's view of the cookies may lag.
    announce = syncTabs(`temoin:${config.cookie.name}`, (value) => {
      previous = decodeRecord(value);
      apply(current(previous));
      // Decided elsewhere: the banner's question is answered; reset elsewhere: ask again.
      if (!record) setView('banner');
      else if (view === 'banner') setView('none');
    });
    if (!failed)
      blocker = createBlocker({
        known,
        granted: isAllowed,
        refused: (id) => !!record?.refused.includes(id),
        nonce: config.nonce || options.nonce || '',
        onBlockedIframe: (iframe, category) => {
          events.emit('blockedIframe', { iframe, category });
        },
      });
    addEventListener('click', (event) => {
      if (event.target instanceof Element && event.target.closest('[data-temoin="preferences"]')) {
        event.preventDefault();
        controller.showPreferences();
      }
    });

    const calls = waiting ?? [];
    waiting = undefined;
    blocker?.refresh();
    if (!record) setView('banner');
    for (const call of calls) call();
    emit('ready', (ready = record));
  };

  const start = (input: TemoinConfig | Error, text?: string) => {
    // Unchecked: what is needed before the checks can run, which a valid configuration confirms.
    // (Not even an object, such as `null`, reads as no keys: the checks will say what is wrong.)
    const unchecked = resolveConfig(input instanceof Error ? {} : (Object(input) as TemoinConfig));
    // Google's tags may load while the checks do: they get their default state (denied) at once.
    consentMode = startConsentMode(unchecked.googleConsentMode, Object.keys(unchecked.categories));
    if (input instanceof Error) {
      begin(unchecked, [input.message], []);
      return;
    }
    const print = fingerprint(text ?? JSON.stringify(input));
    const stored = readDecision(unchecked.cookie.name);
    // Found valid before in this browser, and unchanged since: no need to check it again.
    if (stored?.checked === print) {
      checked = print;
      begin(unchecked, [], []);
      return;
    }
    Promise.resolve(!stored)
      .then(options.validator)
      .then(
        ({ validateConfig }) => {
          const validation = validateConfig(input);
          if (!validation.errors.length) checked = print;
          begin(validation.config, validation.errors, validation.warnings);
        },
        () => {
          begin(resolveConfig({}), ['could not load the configuration checks'], []);
        },
      );
  };

  return { controller, start };
}
