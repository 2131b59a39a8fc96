import { attempt } from '../core/log';
import { whenIdle } from '../core/schedule';
import type { Controller } from '../core/controller';
import type { ReopenButton } from './reopen-button';

/** The page's own controls that open the preferences dialog (a footer link, say). */
const PREFERENCES_CONTROL = '[data-temoin="preferences"]';

/**
 * The ways back to the preferences after a decision. Any element with `data-temoin="preferences"`
 * opens the dialog. The floating button, "Cookie settings" once the first layer is gone, or under
 * the opt-out model "Your privacy choices" from the start, is never over the first layer or the
 * dialog, and by default (`"auto"`) not on a page that has its own control (two would say the
 * same thing) except under opt-out, where the button carries the name the law gives it. No one
 * needs the button before the page has loaded: whether it shows is first decided when the browser
 * is idle after the load, then at each change of view. It is a part of its own (`loadButton`),
 * fetched at that idle moment on a page that will show it (while a first layer asks, so that it
 * is there once the decision closes it): a page with its own control never downloads it. A part
 * that fails to load is fetched again at the next change.
 */
export function offerReopening(controller: Controller, loadButton: () => Promise<{ createReopenButton: (controller: Controller) => ReopenButton } | undefined>): void {
  let button: ReopenButton | undefined;
  let loading = false;
  let due = false;

  const render = () => {
    if (!due) return;
    const { config, view } = controller;
    const { model } = controller.jurisdiction;
    const needed = !!config.reopenButton && (model === 'opt-out' || config.reopenButton === true || !document.querySelector(PREFERENCES_CONTROL));
    const shown = needed && (model === 'opt-out' ? view !== 'preferences' : view === 'none' && (!!controller.getRecord() || model === 'notice'));
    if (!shown) button?.hide();
    else if (button) button.show();
    // Fetched while the first layer still asks, so that the button is there for focus to land on
    // once the decision closes it.
    if (needed && !button && !loading) {
      loading = true;
      loadButton().then(
        (part) => {
          loading = false;
          attempt('showing the floating button', () => {
            button = part?.createReopenButton(controller);
          });
          if (button) render();
        },
        () => {
          loading = false;
        },
      );
    }
  };
  const openFromPage = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest(PREFERENCES_CONTROL)) {
      event.preventDefault();
      controller.showPreferences();
    }
  };
  addEventListener('click', openFromPage);
  whenIdle(() => {
    due = true;
    render();
  });
  for (const event of ['ready', 'view', 'language', 'consent'] as const) controller.on(event, render);
  controller.on('destroy', () => {
    due = false;
    button?.hide();
    removeEventListener('click', openFromPage);
  });
}
