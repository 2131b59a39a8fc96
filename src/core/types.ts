/** Public types of Témoin: the configuration a site owner writes, the record it keeps, the API it exposes. */

import type { ConsentModel, ConsentRecord } from './record';

export type { ConsentMethod, ConsentModel, ConsentProof, ConsentRecord } from './record';

/** A category id: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export type CategoryId = string;

/** A company that receives data through a category, listed under it in the preferences dialog. */
export interface Vendor {
  name: string;
  /** Only `http(s)` and relative URLs are shown as links. */
  privacyPolicyUrl?: string;
}

export interface CategoryConfig {
  /** Always granted and shown as "Always active" (strictly necessary cookies). */
  required?: boolean;
  /** Cookie names, or `prefix*` patterns, deleted when consent for the category is withdrawn. */
  cookies?: string[];
  /** localStorage / sessionStorage keys, or `prefix*` patterns, removed on withdrawal. */
  storage?: string[];
  vendors?: Vendor[];
  /** Not granted by "Accept all" while the browser sends Global Privacy Control. */
  gpcOptOut?: boolean;
}

export interface CookieConfig {
  name?: string;
  /** Lifetime of the consent cookie in days, capped at 395 (13 months). Default 182. */
  expiresDays?: number;
  /** Empty: host-only cookie. Set it (e.g. `example.com`) to share consent across subdomains. */
  domain?: string;
  path?: string;
  sameSite?: 'Lax' | 'Strict' | 'None';
}

/** The seven Google Consent Mode v2 types. */
export type ConsentModeType =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage';

export interface ConsentModeOptions {
  /** Milliseconds Google tags wait for the update command. Default 500. */
  wait_for_update?: number;
  /** ISO 3166 region codes the default command applies to. */
  region?: string[];
  ads_data_redaction?: boolean;
  url_passthrough?: boolean;
}

/** `true` for the default mapping; an object maps Consent Mode types to category ids and sets options. */
export type GoogleConsentModeConfig =
  | boolean
  | (ConsentModeOptions & Partial<Record<ConsentModeType, CategoryId>>);

/** Nested text overrides: `{ "banner": { "title": "Vos choix" } }`. */
export interface TranslationTree {
  [key: string]: string | TranslationTree;
}

/** What a site owner writes (JSON or object). Every key is optional; see `config.schema.json`. */
export interface TemoinConfig {
  /** Policy revision: raising it asks everyone again. */
  revision?: number;
  /** `"auto"` (page language, then browser languages, then English) or a language code. */
  language?: string;
  privacyPolicyUrl?: string;
  /** Key order is display order. Replaces the default categories when given. */
  categories?: Record<CategoryId, CategoryConfig>;
  cookie?: CookieConfig;
  /** Same-site URL receiving each decision as JSON, as proof of consent. */
  recordEndpoint?: string;
  googleConsentMode?: GoogleConsentModeConfig;
  /** Text overrides per language code; a new code adds a language to the switcher. */
  translations?: Record<string, TranslationTree>;
  /**
   * Floating "Cookie settings" button after a decision: `true`, `false`, or `"auto"` (the default):
   * shown unless the page has its own `data-temoin="preferences"` control, or under opt-out.
   */
  reopenButton?: boolean | 'auto';
  /** Reload the page when a category whose scripts, frames or media were already released is withdrawn. Default true. */
  reloadOnWithdraw?: boolean;
  /** CSP nonce for the elements Témoin creates (also `data-nonce` on the script tag). */
  nonce?: string;
  /**
   * The consent model by the visitor's region (given by the page): keys `*`, `EU` (EU and EEA),
   * a country (`GB`; `UK` is read as `GB`) or a country-subdivision (`US-CA`); the most specific
   * key wins. Default `{ "*": "opt-in" }`.
   */
  regions?: Record<string, ConsentModel>;
}

declare const checked: unique symbol;

/**
 * The configuration in force: the defaults, or a configuration that passed `validateConfig`
 * merged onto them. Only those two produce it, so no code reads a value that was not checked.
 */
export type ResolvedConfig = ResolvedConfigShape & { readonly [checked]: true };

export interface ResolvedConfigShape {
  revision: number;
  language: string;
  privacyPolicyUrl: string;
  categories: Record<CategoryId, CategoryConfig>;
  cookie: Required<CookieConfig>;
  recordEndpoint: string;
  googleConsentMode: GoogleConsentModeConfig;
  translations: Record<string, TranslationTree>;
  reopenButton: boolean | 'auto';
  reloadOnWithdraw: boolean;
  nonce: string;
  regions: Record<string, ConsentModel>;
}

export interface ChangeEvent {
  granted: CategoryId[];
  revoked: CategoryId[];
}

export interface TemoinEvents {
  ready: ConsentRecord | null;
  consent: ConsentRecord;
  change: ChangeEvent;
}

export type TemoinEventName = keyof TemoinEvents;

/** What a store subscriber sees: whether Témoin has started (as the `ready` event), and the decision in force. */
export interface ConsentState {
  ready: boolean;
  record: ConsentRecord | null;
}

/** The API of `window.Temoin` and of the object `init()` returns. Members are plain functions: `button.onclick = Temoin.rejectAll` works. */
export interface Temoin {
  init: (config?: TemoinConfig) => Temoin;
  acceptAll: () => void;
  rejectAll: () => void;
  /** Grant exactly these categories (plus required ones) and refuse the rest. */
  accept: (ids: CategoryId[]) => void;
  isAllowed: (id: CategoryId) => boolean;
  getRecord: () => ConsentRecord | null;
  showBanner: () => void;
  showPreferences: () => void;
  hide: () => void;
  setLanguage: (code: string) => void;
  /** Forget the decision (cookie deleted), apply withdrawal, show the banner. */
  reset: () => void;
  /**
   * Stop: no longer watch the page or the other tabs, take the banner, dialog and buttons away,
   * drop every listener. What was released stays; a later `init()` starts a new instance.
   */
  destroy: () => void;
  on: <E extends TemoinEventName>(event: E, listener: (detail: TemoinEvents[E]) => void) => () => void;
  /**
   * A store, as Svelte's contract has it (`$consent`): calls `listener` at once with the state,
   * then at every change of it (start, decision, withdrawal, reset); returns the unsubscriber.
   */
  subscribe: (listener: (state: ConsentState) => void) => () => void;
}
