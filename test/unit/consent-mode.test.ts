import { afterEach, describe, expect, it, vi } from 'vitest';
import { startConsentMode } from '../../src/core/consent-mode';
import { validateConfig } from '../../src/core/validate';
import type { ConsentModel, ConsentRecord, GoogleConsentModeConfig } from '../../src/core/types';

const CATEGORIES = ['necessary', 'performance', 'advertising', 'third-party'];

interface GoogleWindow {
  dataLayer?: unknown[];
  gtag?: (...args: unknown[]) => void;
}
const google = window as unknown as GoogleWindow;

afterEach(() => {
  delete google.dataLayer;
  delete google.gtag;
  vi.restoreAllMocks();
});

/**
 * Starts Consent Mode for a site with these `categories` under `model`, GPC refusing `gpcRefused`;
 * `update` makes a record the decision in force (as the controller does) and sends it.
 */
function start(setting: GoogleConsentModeConfig, categories: string[], model: ConsentModel = 'opt-in', gpcRefused: string[] = []) {
  const { config, errors } = validateConfig({
    googleConsentMode: setting,
    categories: Object.fromEntries(categories.map((id) => [id, id === 'necessary' ? { required: true } : {}])),
  });
  expect(errors).toEqual([]);
  let record: ConsentRecord | null = null;
  // As the controller answers: required categories always, then the decision, else the model.
  const mode = startConsentMode().settle(config, model, (id) => gpcRefused.includes(id));
  const allowed = (id: string) =>
    id === 'necessary' || (record ? record.granted.includes(id) : model !== 'opt-in' && !gpcRefused.includes(id));
  return mode && {
    update: (next: ConsentRecord | null) => {
      record = next;
      mode.update(next, allowed);
    },
  };
}

const decision = (granted: string[]): ConsentRecord => ({
  v: 1,
  id: '7d0f1c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f',
  revision: 1,
  granted,
  refused: ['necessary', 'performance', 'advertising', 'third-party'].filter((id) => !granted.includes(id)),
  method: 'custom',
  language: 'en',
  createdAt: '2026-03-01T12:00:00.000Z',
  updatedAt: '2026-03-01T12:00:00.000Z',
});

/** The gtag commands on the dataLayer, as plain arrays, after checking each is an `arguments` object. */
const commands = () =>
  (google.dataLayer ?? [])
    .filter((entry) => Object.prototype.toString.call(entry) === '[object Arguments]')
    .map((entry) => Array.from(entry as ArrayLike<unknown>));

const ALL_DENIED = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'denied',
};

describe('Google Consent Mode v2', () => {
  it('defines dataLayer and gtag, which pushes its arguments object (gtag.js ignores arrays)', () => {
    start(true, CATEGORIES);
    expect(typeof google.gtag).toBe('function');
    const [first] = google.dataLayer ?? [];
    expect(Array.isArray(first)).toBe(false);
    expect(Object.prototype.toString.call(first)).toBe('[object Arguments]');
  });

  it('starts with everything denied but security_storage, waiting 500 ms for the update', () => {
    start(true, CATEGORIES);
    expect(commands()).toEqual([
      ['consent', 'default', { ...ALL_DENIED, security_storage: 'granted', wait_for_update: 500 }],
    ]);
  });

  it('reflects a stored decision: default, then update', () => {
    start(true, CATEGORIES)?.update(decision(['necessary', 'performance']));
    expect(commands()).toEqual([
      ['consent', 'default', { ...ALL_DENIED, security_storage: 'granted', wait_for_update: 500 }],
      [
        'consent',
        'update',
        { ...ALL_DENIED, security_storage: 'granted', functionality_storage: 'granted', analytics_storage: 'granted' },
      ],
    ]);
  });

  it('updates every type on each decision with the default mapping, and tells Tag Manager', () => {
    const mode = start(true, CATEGORIES);
    mode?.update(decision(['necessary', 'advertising', 'third-party']));
    expect(commands()[1]).toEqual([
      'consent',
      'update',
      {
        ...ALL_DENIED,
        security_storage: 'granted',
        functionality_storage: 'granted',
        ad_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
        personalization_storage: 'granted',
      },
    ]);
    expect(google.dataLayer?.at(-1)).toEqual({
      event: 'temoin_consent',
      temoin: { granted: ['necessary', 'advertising', 'third-party'], refused: ['performance'], method: 'custom' },
    });
    mode?.update(decision(['necessary']));
    expect(commands()[2]?.[2]).toEqual({ ...ALL_DENIED, security_storage: 'granted', functionality_storage: 'granted' });
  });

  it('follows a mapping given in the config, type by type', () => {
    const mode = start({ analytics_storage: 'stats', ad_user_data: 'performance' }, [...CATEGORIES, 'stats']);
    mode?.update(decision(['necessary', 'performance', 'stats']));
    expect(commands()[1]?.[2]).toEqual({
      ...ALL_DENIED,
      security_storage: 'granted',
      functionality_storage: 'granted',
      analytics_storage: 'granted',
      ad_user_data: 'granted',
    });
  });

  it("follows a site's own category ids that mean the built-in ones (vanilla-cookieconsent's analytics and ads)", () => {
    const mode = start(true, ['necessary', 'analytics', 'ads']);
    mode?.update(decision(['necessary', 'analytics', 'ads']));
    expect(commands()[1]?.[2]).toEqual({
      ...ALL_DENIED,
      security_storage: 'granted',
      functionality_storage: 'granted',
      analytics_storage: 'granted',
      ad_storage: 'granted',
      ad_user_data: 'granted',
      ad_personalization: 'granted',
    });
    mode?.update(decision(['necessary', 'ads']));
    expect(commands()[2]?.[2]).toMatchObject({ analytics_storage: 'denied', ad_storage: 'granted' });
  });

  it('passes the options: wait_for_update, region, ads_data_redaction, url_passthrough', () => {
    start({ wait_for_update: 2000, region: ['FR', 'CA-QC'], ads_data_redaction: true, url_passthrough: false }, CATEGORIES);
    expect(commands()).toEqual([
      ['consent', 'default', { ...ALL_DENIED, security_storage: 'granted', wait_for_update: 2000, region: ['FR', 'CA-QC'] }],
      ['set', 'ads_data_redaction', true],
      ['set', 'url_passthrough', false],
    ]);
  });

  it("keeps the site's own dataLayer and gtag", () => {
    const earlier = { event: 'gtm.js' };
    google.dataLayer = [earlier];
    const calls: unknown[][] = [];
    google.gtag = (...args: unknown[]) => calls.push(args);
    start(true, CATEGORIES);
    expect(google.dataLayer).toEqual([earlier]);
    expect(calls).toEqual([['consent', 'default', { ...ALL_DENIED, security_storage: 'granted', wait_for_update: 500 }]]);
    start(true, CATEGORIES, 'notice');
    expect(calls.at(-1)?.[1]).toBe('update');
  });

  it('under opt-out, starts with everything granted but the types of categories Global Privacy Control refused', () => {
    start(true, CATEGORIES, 'opt-out', ['advertising']);
    expect(commands()).toEqual([
      [
        'consent',
        'default',
        {
          ad_storage: 'denied',
          ad_user_data: 'denied',
          ad_personalization: 'denied',
          analytics_storage: 'granted',
          functionality_storage: 'granted',
          personalization_storage: 'granted',
          security_storage: 'granted',
          wait_for_update: 500,
        },
      ],
    ]);
  });

  it('under notice, starts with everything granted; an update then follows the decision', () => {
    const mode = start(true, CATEGORIES, 'notice');
    expect(commands()[0]?.[2]).toEqual({ ...Object.fromEntries(Object.keys(ALL_DENIED).map((type) => [type, 'granted'])), wait_for_update: 500 });
    mode?.update(decision(['necessary']));
    expect(commands()[1]?.[2]).toEqual({ ...ALL_DENIED, security_storage: 'granted', functionality_storage: 'granted' });
  });

  it('after a decision is forgotten, updates back to the default and sends no Tag Manager event', () => {
    const mode = start(true, CATEGORIES);
    mode?.update(decision(['necessary', 'performance']));
    const events = google.dataLayer?.length ?? 0;
    mode?.update(null);
    expect(commands()[2]).toEqual(['consent', 'update', { ...ALL_DENIED, security_storage: 'granted', functionality_storage: 'granted' }]);
    expect(google.dataLayer).toHaveLength(events + 1);
  });

  it('with googleConsentMode: false, takes back the waiting default, and the dataLayer and gtag it defined', () => {
    expect(start(false, CATEGORIES)).toBeNull();
    expect(google.dataLayer).toBeUndefined();
    expect(google.gtag).toBeUndefined();
    const earlier = { event: 'gtm.js' };
    google.dataLayer = [earlier];
    expect(start(false, CATEGORIES)).toBeNull();
    expect(google.dataLayer).toEqual([earlier]);
    expect(google.gtag).toBeUndefined();
  });

  it('sends the all-denied default at once, before the configuration is known, then makes it the configuration\'s while no Google tag has read it', () => {
    const pending = startConsentMode();
    expect(commands()).toEqual([['consent', 'default', { ...ALL_DENIED, security_storage: 'granted', wait_for_update: 500 }]]);
    const { config } = validateConfig({ googleConsentMode: { wait_for_update: 900 } });
    pending.settle(config, 'opt-out', () => false);
    expect(commands()).toEqual([
      ['consent', 'default', { ...Object.fromEntries(Object.keys(ALL_DENIED).map((type) => [type, 'granted'])), wait_for_update: 900 }],
    ]);
  });

  it('once a Google tag has read the waiting default, an update says what the configuration\'s default would have (nothing more under opt-in)', () => {
    const pending = startConsentMode();
    // What gtag.js does as it loads: it reads the dataLayer and takes over push.
    const read: unknown[] = [];
    const layer = google.dataLayer ?? [];
    layer.push = (...entries: unknown[]) => read.push(...entries);
    pending.settle(validateConfig({}).config, 'opt-out', (id) => id === 'advertising');
    expect(read.map((entry) => Array.from(entry as ArrayLike<unknown>))).toEqual([
      ['consent', 'update', { ...Object.fromEntries(Object.keys(ALL_DENIED).map((type) => [type, 'granted'])), ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }],
    ]);
    delete google.dataLayer;
    delete google.gtag;
    const optIn = startConsentMode();
    const taken: unknown[] = [];
    const optInLayer = google.dataLayer as unknown as unknown[];
    optInLayer.push = (...entries: unknown[]) => taken.push(...entries);
    optIn.settle(validateConfig({}).config, 'opt-in', () => false);
    expect(taken).toEqual([]);
  });

  it('with googleConsentMode: false after a Google tag read the waiting default, says so', () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const pending = startConsentMode();
    (google.dataLayer ?? []).push = () => 0;
    expect(pending.settle(validateConfig({ googleConsentMode: false }).config, 'opt-in', () => false)).toBeNull();
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining('googleConsentMode is false, but a Google tag already read'));
  });

  it('keeps the default state of a type whose category the site does not have', () => {
    const mode = start(true, ['performance', 'advertising']);
    mode?.update(decision(['performance', 'advertising']));
    expect(commands()[1]?.[2]).toEqual({
      ...ALL_DENIED,
      security_storage: 'granted',
      analytics_storage: 'granted',
      ad_storage: 'granted',
      ad_user_data: 'granted',
      ad_personalization: 'granted',
    });
  });
});
