/** `temoin`: the consent manager with its banner, preferences dialog and reopen button. */
import { initOnce } from './core/singleton';
import { showReopenButton } from './ui/reopen-button';
import type { Temoin, TemoinConfig } from './core/types';

export * from './core';

/** Starts Témoin with its UI; bundlers split the banner's code off and load it only when it must show. */
export const init = (config?: TemoinConfig): Temoin =>
  initOnce(config, {
    attach: showReopenButton,
    load: (controller) => {
      void import('./ui/mount').then(({ mount }) => {
        mount(controller);
      });
    },
  });
