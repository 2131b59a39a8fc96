/**
 * The start path fails closed for every input: configurations as site owners write them (valid
 * or nearly), and faults of the page around it. Whatever comes in, no exception reaches the page,
 * `ready` fires, and a tagged element is released only when the configuration is valid and its
 * category allowed.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createController, type Controller } from '../../src/core/controller';
import { encodeRecord } from '../../src/core/record-codec';
import { validateConfig } from '../../src/core/validate';
import { nearlyValidConfig } from './config-arbitraries';
import type { ConsentRecord } from '../../src/core/types';

/** Category ids the page tags elements with: the built-in ones, and ones the generators make up. */
const PAGE_CATEGORIES = ['necessary', 'performance', 'advertising', 'third-party', 'a', '0', 'x-y'];

let running: Controller[] = [];
let consoleErrors: string[] = [];

beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, 'error').mockImplementation((message: unknown) => {
    consoleErrors.push(String(message));
  });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  for (const controller of running) controller.destroy();
  running = [];
  document.body.replaceChildren();
  for (const pair of document.cookie.split('; ')) document.cookie = `${pair.split('=')[0] ?? ''}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  localStorage.clear();
  forgetGoogle();
  vi.restoreAllMocks();
});

/** Takes away what Consent Mode defined on the window. */
function forgetGoogle() {
  delete (window as { dataLayer?: unknown[] }).dataLayer;
  delete (window as { gtag?: unknown }).gtag;
}

/** A page with an inert image and script of each category (the built-in ones by default). */
function taggedPage(ids: string[] = PAGE_CATEGORIES) {
  for (const id of new Set(ids)) {
    const img = document.createElement('img');
    img.setAttribute('data-category', id);
    img.setAttribute('data-src', `https://ads.example/${id}.gif`);
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.setAttribute('data-category', id);
    script.text = '/* tagged */';
    document.body.append(img, script);
  }
}

/** The categories whose image got its address. */
const released = () =>
  Array.from(document.querySelectorAll('img[data-category]'), (img) => (img.hasAttribute('src') ? img.getAttribute('data-category') : null)).filter(
    (id): id is string => id !== null,
  );

/** Starts a controller on `input` and returns what `ready` said (undefined if it never fired). */
function start(input: unknown) {
  const { controller, start: begin } = createController();
  running.push(controller);
  let ready: ConsentRecord | null | undefined;
  controller.on('ready', (record) => {
    ready = record;
  });
  expect(() => {
    begin(input);
  }).not.toThrow();
  return { controller, ready: () => ready };
}

/** A stored decision granting `granted` of the categories `all` (the built-in ones by default) and refusing the rest. */
function plantDecision(granted: string[], revision = 1, all = ['necessary', 'performance', 'advertising', 'third-party']) {
  const record: ConsentRecord = {
    v: 1,
    id: '3f2b6c1e-8d4a-4b7e-9c21-5a6d7e8f9012',
    revision,
    granted,
    refused: all.filter((id) => !granted.includes(id)),
    method: 'custom',
    language: 'en',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    jurisdiction: '*',
    model: 'opt-in',
  };
  document.cookie = `temoin=${encodeRecord(record)}; path=/`;
}

describe('starting on any configuration', () => {
  it('never throws into the page, always says ready, and releases only what a valid configuration allows', () => {
    // The generators must exercise both sides: some configurations rejected, some releasing.
    let rejected = 0;
    let releasing = 0;
    fc.assert(
      fc.property(nearlyValidConfig, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.boolean(), (input, picks, decided) => {
        // The configuration's own categories (the built-in ones when it is rejected), and some it lacks.
        const { errors, config } = validateConfig(input);
        const ids = Object.keys(config.categories);
        taggedPage([...ids, ...PAGE_CATEGORIES]);
        if (decided) plantDecision(ids.filter((_, i) => picks[i]), config.revision, ids);
        const { controller, ready } = start(input);
        // ready fires synchronously once the configuration is known.
        expect(ready()).not.toBeUndefined();
        for (const id of released()) {
          expect(errors, `released "${id}" under a rejected configuration`).toEqual([]);
          expect(controller.isAllowed(id), `released "${id}" without consent`).toBe(true);
        }
        if (errors.length) expect(consoleErrors.some((message) => message.includes(errors[0] ?? ''))).toBe(true);
        if (errors.length) rejected++;
        if (released().length > 1) releasing++;
        for (const c of running) c.destroy();
        running = [];
        document.body.replaceChildren();
        forgetGoogle();
      }),
      { numRuns: 150 },
    );
    expect(rejected).toBeGreaterThan(10);
    expect(releasing).toBeGreaterThan(10);
  }, 60000);

  it('names the field of a Consent Mode setting of the wrong type, says ready, sends only the all-denied default and runs nothing', () => {
    for (const googleConsentMode of ['yes', 1, null, [], { region: 'FR' }, { wait_for_update: '500' }]) {
      taggedPage();
      plantDecision(['necessary', 'performance']);
      const { controller, ready } = start({ googleConsentMode });
      expect(ready()).not.toBeUndefined();
      expect(controller.view).toBe('none');
      expect(released()).toEqual([]);
      expect(consoleErrors.find((message) => message.includes('googleConsentMode'))).toMatch(/\[temoin\] googleConsentMode/);
      expect((window as { dataLayer?: unknown[] }).dataLayer?.length ?? 0).toBeLessThanOrEqual(1);
      for (const c of running) c.destroy();
      running = [];
      forgetGoogle();
    }
  });

  it('fails closed, with an error naming what failed, when reading the configuration throws', () => {
    taggedPage();
    plantDecision(['necessary', 'performance', 'advertising', 'third-party']);
    const hostile = new Proxy({}, {
      ownKeys: () => {
        throw new Error('hostile configuration object');
      },
    });
    const { controller, ready } = start(hostile);
    expect(ready()).toBeNull();
    expect(released()).toEqual([]);
    expect(controller.isAllowed('performance')).toBe(false);
    expect(controller.view).toBe('banner');
    expect(consoleErrors.some((message) => message.includes('could not start') && message.includes('hostile configuration object'))).toBe(true);
  });

  it('keeps the blocker going when the page broke gtag: Consent Mode fails alone, reported', () => {
    taggedPage();
    plantDecision(['necessary', 'performance']);
    (window as { gtag?: unknown }).gtag = 'not a function';
    const { controller, ready } = start({});
    expect(ready()).not.toBeUndefined();
    expect(released()).toEqual(['necessary', 'performance']);
    expect(controller.getRecord()?.granted).toEqual(['necessary', 'performance']);
    expect(consoleErrors.some((message) => message.includes('Consent Mode failed'))).toBe(true);
    delete (window as { gtag?: unknown }).gtag;
  });
});

describe('a decision taken while the configuration was rejected', () => {
  it('stands while the configuration stays broken, and not for the configuration that replaces it', () => {
    const broken = start(new Error('config: /consent.json is not valid JSON'));
    broken.controller.acceptAll();
    expect(broken.controller.getRecord()?.method).toBe('accept-all');
    expect(broken.controller.isAllowed('performance')).toBe(false);
    broken.controller.destroy();

    // Still broken: the visitor is not asked again on every page.
    expect(start(new Error('config: /consent.json is not valid JSON')).controller.getRecord()?.method).toBe('accept-all');
    // Fixed, with the same categories and revision: asked, as they never saw the real ones.
    const fixed = start({ revision: 1 });
    expect(fixed.controller.getRecord()).toBeNull();
    expect(fixed.controller.view).toBe('banner');
    expect(fixed.controller.isAllowed('performance')).toBe(false);
  });
});
