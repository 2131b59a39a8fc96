/**
 * The start path fails closed for every input: configurations as site owners write them (valid
 * or nearly), and faults of the page around it. Whatever comes in, no exception reaches the page,
 * `ready` fires, and a tagged element is released only when the configuration is valid and its
 * category allowed. A configuration this browser has not found valid before releases nothing
 * until its checks have run; one it has skips them and releases the same.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createController } from '../../src/core';
import { fingerprint } from '../../src/core/checked';
import type { Checks, Controller } from '../../src/core/controller';
import { encodeRecord } from '../../src/core/record-codec';
import { validateConfig } from '../../src/core/validate';
import { nearlyValidConfig } from './config-arbitraries';
import type { ConsentRecord } from '../../src/core/types';

/** Category ids the page tags elements with: the built-in ones, and ones the generators make up. */
const PAGE_CATEGORIES = ['necessary', 'performance', 'advertising', 'third-party', 'a', '0', 'x-y'];

let running: Controller[] = [];
let consoleErrors: string[] = [];

beforeEach(() => {
  vi.useFakeTimers();
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
  vi.useRealTimers();
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

/**
 * Starts a controller on `input` (checks as given, by default `validateConfig` at once) and
 * returns what `ready` said (undefined if it never fired), once everything it set going is done.
 */
async function start(input: unknown, checks: Checks = () => validateConfig) {
  const { controller, start: begin } = createController({ checks });
  running.push(controller);
  let ready: ConsentRecord | null | undefined;
  controller.on('ready', (record) => {
    ready = record;
  });
  expect(() => {
    begin(input);
  }).not.toThrow();
  await vi.runAllTimersAsync();
  return { controller, ready: () => ready };
}

/** A stored decision granting `granted` of the categories `all` (the built-in ones by default) and refusing the rest. */
function plantDecision(granted: string[], revision = 1, all = ['necessary', 'performance', 'advertising', 'third-party'], name = 'temoin') {
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
  document.cookie = `${name}=${encodeRecord(record)}; path=/`;
}

describe('starting on any configuration', () => {
  it('never throws into the page, always says ready, and releases only what a valid configuration allows', async () => {
    // The generators must exercise both sides: some configurations rejected, some releasing.
    let rejected = 0;
    let releasing = 0;
    await fc.assert(
      fc.asyncProperty(nearlyValidConfig, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.boolean(), async (input, picks, decided) => {
        // The configuration's own categories (the built-in ones when it is rejected), and some it lacks.
        const { errors, config } = validateConfig(input, location.hostname);
        const ids = Object.keys(config.categories);
        taggedPage([...ids, ...PAGE_CATEGORIES]);
        if (decided) plantDecision(ids.filter((_, i) => picks[i]), config.revision, ids, config.cookie.name);
        const { controller, ready } = await start(input);
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

  it('names the field of a Consent Mode setting of the wrong type, says ready, sends only the all-denied default and runs nothing', async () => {
    for (const googleConsentMode of ['yes', 1, null, [], { region: 'FR' }, { wait_for_update: '500' }]) {
      taggedPage();
      plantDecision(['necessary', 'performance']);
      const { controller, ready } = await start({ googleConsentMode });
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

  it('fails closed, with an error naming what failed, when reading the configuration throws', async () => {
    taggedPage();
    plantDecision(['necessary', 'performance', 'advertising', 'third-party']);
    const hostile = new Proxy({}, {
      ownKeys: () => {
        throw new Error('hostile configuration object');
      },
    });
    const { controller, ready } = await start(hostile);
    expect(ready()).toBeNull();
    expect(released()).toEqual([]);
    expect(controller.isAllowed('performance')).toBe(false);
    expect(controller.view).toBe('banner');
    expect(consoleErrors.some((message) => message.includes('could not start') && message.includes('hostile configuration object'))).toBe(true);
  });

  it('keeps the blocker going when the page broke gtag: Consent Mode fails alone, reported', async () => {
    taggedPage();
    plantDecision(['necessary', 'performance']);
    (window as { gtag?: unknown }).gtag = 'not a function';
    const { controller, ready } = await start({});
    expect(ready()).not.toBeUndefined();
    expect(released()).toEqual(['necessary', 'performance']);
    expect(controller.getRecord()?.granted).toEqual(['necessary', 'performance']);
    expect(consoleErrors.some((message) => message.includes('Consent Mode failed'))).toBe(true);
    delete (window as { gtag?: unknown }).gtag;
  });
});

describe('a decision taken while the configuration was rejected', () => {
  it('stands while the configuration stays broken, and not for the configuration that replaces it', async () => {
    const broken = await start(new Error('config: /consent.json is not valid JSON'));
    broken.controller.acceptAll();
    await vi.runAllTimersAsync();
    expect(broken.controller.getRecord()?.method).toBe('accept-all');
    expect(broken.controller.isAllowed('performance')).toBe(false);
    broken.controller.destroy();

    // Still broken: the visitor is not asked again on every page.
    expect((await start(new Error('config: /consent.json is not valid JSON'))).controller.getRecord()?.method).toBe('accept-all');
    // Fixed, with the same categories and revision: asked, as they never saw the real ones.
    const fixed = await start({ revision: 1 });
    expect(fixed.controller.getRecord()).toBeNull();
    expect(fixed.controller.view).toBe('banner');
    expect(fixed.controller.isAllowed('performance')).toBe(false);
  });
});

describe('a configuration this browser has not checked before', () => {
  /** Checks that arrive when the test says (as a part of the build downloads), or never. */
  const deferred = () => {
    let arrive: (validate: typeof validateConfig) => void = () => undefined;
    let fail: (problem: Error) => void = () => undefined;
    const loaded = new Promise<typeof validateConfig>((resolve, reject) => {
      arrive = resolve;
      fail = reject;
    });
    return { checks: vi.fn(() => loaded), arrive: () => { arrive(validateConfig); }, fail: (problem: Error) => { fail(problem); } };
  };

  it('releases nothing and grants nothing until its checks have run, then what the decision allows', async () => {
    taggedPage();
    plantDecision(['necessary', 'performance']);
    const pending = deferred();
    const { controller, ready } = await start({ revision: 1 }, pending.checks);
    expect(ready()).toBeUndefined();
    expect(released()).toEqual([]);
    expect(controller.isAllowed('performance')).toBe(false);
    expect(controller.getRecord()).toBeNull();
    pending.arrive();
    await vi.runAllTimersAsync();
    expect(ready()?.granted).toEqual(['necessary', 'performance']);
    expect(released()).toEqual(['necessary', 'performance']);
  });

  it('whose checks cannot be loaded fails closed, naming the problem: nothing released, the banner offered to a first visitor', async () => {
    taggedPage();
    plantDecision(['necessary', 'performance']);
    const returning = deferred();
    const { controller, ready } = await start({ revision: 1 }, returning.checks);
    returning.fail(new Error('offline'));
    await vi.runAllTimersAsync();
    expect(ready()?.granted).toEqual(['necessary', 'performance']);
    // Under a rejected configuration nothing tagged runs, required categories included.
    expect(released()).toEqual([]);
    expect(controller.isAllowed('performance')).toBe(false);
    controller.destroy();
    document.cookie = 'temoin=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    const first = deferred();
    const { controller: banner } = await start({ revision: 1 }, first.checks);
    first.fail(new Error('offline'));
    await vi.runAllTimersAsync();
    expect(banner.view).toBe('banner');
    expect(consoleErrors).toContain('[temoin] config: could not check the configuration (Error: offline)');
  });

  it('no configuration releases anything before it is checked; once found valid here, the same text starts without checks and releases the same', async () => {
    await fc.assert(
      fc.asyncProperty(nearlyValidConfig, fc.boolean(), async (input, decided) => {
        const text = JSON.stringify(input);
        const { errors, config } = validateConfig(input, location.hostname);
        const ids = Object.keys(config.categories);
        taggedPage([...ids, ...PAGE_CATEGORIES]);
        if (decided) plantDecision(ids, config.revision, ids, config.cookie.name);
        // Never checked here: nothing before the checks, whatever the stored decision.
        const never = deferred();
        const waiting = await start(JSON.parse(text), never.checks);
        expect(released()).toEqual([]);
        expect(waiting.controller.isAllowed(ids[0] ?? 'necessary')).toBe(false);
        never.arrive();
        await vi.runAllTimersAsync();
        const first = released();
        if (errors.length) expect(first).toEqual([]);
        waiting.controller.destroy();
        document.body.replaceChildren();
        forgetGoogle();
        // The next page: the same text starts without its checks only if it was found valid here
        // (and Témoin stored something for this visitor: a decision, a notice), and then releases the same.
        taggedPage([...ids, ...PAGE_CATEGORIES]);
        const again = deferred();
        const next = await start(JSON.parse(text), again.checks);
        if (errors.length) expect(again.checks).toHaveBeenCalled();
        if (decided && !errors.length) expect(again.checks).not.toHaveBeenCalled();
        if (again.checks.mock.calls.length) expect(released()).toEqual([]);
        else expect(released()).toEqual(first);
        next.controller.destroy();
        running = [];
        document.body.replaceChildren();
        for (const name of [config.cookie.name, 'temoin-checked']) document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
        forgetGoogle();
      }),
      { numRuns: 100 },
    );
  }, 60000);

  it('stores nothing for a visitor who has not decided, or whose decision was forgotten: the configuration is checked again on the next page', async () => {
    const names = () => document.cookie.split('; ').filter(Boolean).map((pair) => pair.split('=')[0]).sort();
    const { controller } = await start({ revision: 1 });
    expect(controller.view).toBe('banner');
    expect(names()).toEqual([]);
    // Remembered once the decision's effects follow its paint, not in the click's task.
    controller.acceptAll();
    expect(names()).toEqual(['temoin']);
    await vi.runAllTimersAsync();
    expect(names()).toEqual(['temoin', 'temoin-checked']);
    // In a cookie, not in localStorage: a returning visit reads no storage but its cookies.
    expect(Object.keys(localStorage)).toEqual([]);
    // Forgotten with the decision.
    controller.reset();
    await vi.runAllTimersAsync();
    expect(names()).toEqual([]);
  });

  it('touches no localStorage on the most common page views: a first visit under opt-in, then every page after the decision', async () => {
    // A page's first use of localStorage is a round trip to the browser's storage.
    const storage = vi.spyOn(window, 'localStorage', 'get');
    taggedPage();
    const first = await start({ revision: 1 });
    expect(first.controller.view).toBe('banner');
    expect(storage).not.toHaveBeenCalled();
    first.controller.acceptAll();
    await vi.runAllTimersAsync();
    first.controller.destroy();
    storage.mockClear();
    const next = await start({ revision: 1 });
    expect(next.controller.getRecord()?.method).toBe('accept-all');
    expect(released()).toEqual(['necessary', 'performance', 'advertising', 'third-party']);
    expect(storage).not.toHaveBeenCalled();
  });

  it('a temoin-checked cookie the page or another subdomain wrote skips the checks only with the exact fingerprint of this text', () => {
    const text = '{"revision":1}';
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        document.cookie = `temoin-checked=${encodeURIComponent(value)}; path=/`;
        const checks = vi.fn(() => validateConfig);
        const { controller, start: begin } = createController({ checks });
        begin(JSON.parse(text), text);
        const listed = decodeURIComponent(/temoin-checked=([^;]*)/.exec(document.cookie)?.[1] ?? '').split('.');
        expect(checks).toHaveBeenCalledTimes(listed.includes(fingerprint(text)) ? 0 : 1);
        controller.destroy();
      }),
      { numRuns: 300 },
    );
    document.cookie = `temoin-checked=x.${fingerprint(text)}.y; path=/`;
    const checks = vi.fn(() => validateConfig);
    const trusted = createController({ checks });
    trusted.start(JSON.parse(text), text);
    expect(checks).not.toHaveBeenCalled();
    trusted.controller.destroy();
  });

  it('a fingerprint tells apart any two different texts: one character changed, added or taken away', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(), fc.string({ minLength: 1, maxLength: 2 }), (text, at, inserted) => {
        const i = text.length ? at % text.length : 0;
        const edits = [text.slice(0, i) + inserted + text.slice(i), text.slice(0, i) + text.slice(i + 1), text.slice(0, i) + inserted + text.slice(i + 1)];
        for (const edited of edits) if (edited !== text) expect(fingerprint(edited)).not.toBe(fingerprint(text));
        expect(fingerprint(text)).toMatch(/^[0-9a-z]{1,7}-[0-9a-z]{1,7}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('an edited configuration is checked again: a fingerprint covers every character', async () => {
    const valid = '{"revision":1,"categories":{"necessary":{"required":true},"performance":{}}}';
    plantDecision(['necessary'], 1, ['necessary', 'performance']);
    const first = deferred();
    const { controller } = await start(JSON.parse(valid), first.checks);
    first.arrive();
    await vi.runAllTimersAsync();
    controller.destroy();
    const same = deferred();
    createController({ checks: same.checks }).start(JSON.parse(valid), valid);
    expect(same.checks).not.toHaveBeenCalled();
    for (const edited of [valid.replace('"revision":1', '"revision":2'), valid.replace('performance', 'performanc'), `${valid} `]) {
      const again = deferred();
      const { controller: next } = createController({ checks: again.checks });
      next.destroy();
      createController({ checks: again.checks }).start(JSON.parse(edited), edited);
      expect(again.checks).toHaveBeenCalled();
    }
  });
});
