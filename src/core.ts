/**
 * `temoin/core`: the consent manager without the built-in banner (bring your own UI).
 * It never imports Preact.
 */
import { initOnce } from './core/singleton';
import * as validator from './core/validate';
import * as writer from './core/writer';
import type { Controller } from './core/controller';
import type { TemoinConfig } from './core/types';

export type * from './core/types';
export type { Controller, ControllerEvents, View } from './core/controller';
export type { ConsentProof } from './core/record';
export { createController } from './core/controller';
export { validateConfig } from './core/validate';
export { decodeRecord, encodeRecord } from './core/record-codec';

/** Starts the headless manager (blocking, record, API and integrations, no UI); its state and events are the `Controller`'s. */
export const init = (config?: TemoinConfig): Controller =>
  initOnce(config, { writer: () => writer, validator: () => validator });
