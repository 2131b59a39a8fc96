import type { Controller } from '../core/controller';

/** Any element with `data-temoin="preferences"` (a footer link, say) opens the preferences dialog. */
export function linkPreferences(controller: Controller): void {
  const open = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest('[data-temoin="preferences"]')) {
      event.preventDefault();
      controller.showPreferences();
    }
  };
  addEventListener('click', open);
  controller.on('destroy', () => {
    removeEventListener('click', open);
  });
}
