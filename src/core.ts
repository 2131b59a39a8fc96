/**
 * `temoin/core`: the consent manager without the built-in banner (bring your own UI).
 * It never imports Preact.
 */
import { initOnce } from './core/singleton';
import type { Controller } from './core/controller';
import type { TemoinConfig } from './core/types';

export type * from './core/types';
export type { Controller, ControllerEvents, View } from './core/controller';
export type { Jurisdiction } from './core/regions';
export type { Validation } from './core/validate';
export { createController } from './core/controller';
export { validateConfig } from './core/validate';
export { decodeRecord, encodeRecord } from './core/record-codec';

/**
 * Starts the headless manager (blocking, record, API and integrations, no UI) once per page and
 * makes it `window.Temoin`; its state and events are the `Controller`'s.
 */
export const init = (config?: TemoinConfig): Controller => initOnce(config);
