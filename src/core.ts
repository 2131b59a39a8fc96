/**
 * `temoin/core`: the consent manager without the built-in banner (bring your own UI).
 * It never imports Preact.
 */
import { bundled, initOnce } from './core/singleton';
import { validateConfig } from './core/validate';
import { createController as create, type Controller, type ControllerOptions } from './core/controller';
import type { TemoinConfig } from './core/types';

export type * from './core/types';
export type { Checks, Controller, ControllerEvents, ControllerOptions, View } from './core/controller';
export type { Jurisdiction } from './core/regions';
export type { Validation } from './core/validate';

export { validateConfig };
export { decodeRecord, encodeRecord } from './core/record-codec';

/**
 * The manager without the once-per-page guard, `window.Temoin` or any UI; `checks` and `effects`
 * default to the bundled ones.
 */
export const createController = (options: Partial<ControllerOptions> = {}): ReturnType<typeof create> =>
  create({ ...bundled, ...options });

/**
 * Starts the headless manager (blocking, record, API and integrations, no UI) once per page and
 * makes it `window.Temoin`; its state and events are the `Controller`'s.
 */
export const init = (config?: TemoinConfig): Controller => initOnce(config);
