import { button, el } from './dom';
import { deepActiveElement, restoreFocus } from './focus';
import { safeUrl, type Translate } from './i18n';
import { createLanguageSwitcher } from './language-switcher';
import type { Controller } from '../core/controller';

export interface Banner {
  element: HTMLElement;
  /** Writes the texts in the current language, in place (focus and the element stay). */
  render: (t: Translate) => void;
  /** Takes the banner off the page and gives the page back its room. */
  remove: () => void;
}

/**
 * First layer: what is asked and why, and three buttons of equal weight. Plain DOM, not Preact:
 * it is on every first visit's critical path, where Preact alone would cost 4 KiB.
 */
export function createBanner(controller: Controller): Banner {
  const title = el('h2', { id: 'temoin-banner-title' });
  const switcher = createLanguageSwitcher(controller);
  const text = el('p');
  const withdraw = document.createTextNode('');
  const href = safeUrl(controller.config.privacyPolicyUrl);
  const policy = href ? el('a', { class: 'link', href }) : '';
  // Accept all, Reject all, Customize: the same element, class and size (equal prominence).
  const choices = (
    [
      ['accept-all', 'actions.acceptAll', controller.acceptAll],
      ['reject-all', 'actions.rejectAll', controller.rejectAll],
      ['customize', 'actions.customize', controller.showPreferences],
    ] as const
  ).map(([action, label, onClick]) => ({ label, element: button({ class: 'button', 'data-action': action }, onClick) }));
  const element = el(
    'section',
    { class: 'surface banner', 'aria-labelledby': 'temoin-banner-title' },
    el('div', { class: 'head' }, title, switcher.element),
    text,
    el('p', {}, withdraw, ' ', policy),
    el('div', { class: 'actions' }, ...choices.map((choice) => choice.element)),
  );

  // Keeps what the keyboard focuses on the page from hiding under the fixed banner (WCAG 2.4.11):
  // the end of the page can scroll above it, and a focused element under it is scrolled into view.
  const page = document.documentElement.style;
  const pagePadding = page.paddingBottom;
  const makeRoom = () => {
    const space = `${element.offsetHeight + 16}px`;
    page.paddingBottom = pagePadding;
    page.paddingBottom = `calc(${getComputedStyle(document.documentElement).paddingBottom} + ${space})`;
    page.scrollPaddingBottom = space;
  };
  // The banner's height follows its texts and the window's width.
  const resized = new ResizeObserver(makeRoom);
  resized.observe(element);
  const reveal = (event: FocusEvent) => {
    const target = event.target as Element;
    // Focus inside Témoin's shadow root reaches the document as focus on its host.
    if (target !== (element.getRootNode() as ShadowRoot).host && target.getBoundingClientRect().bottom > element.getBoundingClientRect().top)
      target.scrollIntoView({ block: 'nearest' });
  };
  document.addEventListener('focusin', reveal);

  return {
    element,
    render: (t) => {
      title.textContent = t('banner.title');
      switcher.render(t);
      text.textContent = t('banner.text');
      withdraw.data = t('banner.withdraw');
      if (policy) policy.textContent = t('banner.policy');
      for (const { label, element: choice } of choices) choice.textContent = t(label);
    },
    remove: () => {
      resized.disconnect();
      page.paddingBottom = pagePadding;
      page.scrollPaddingBottom = '';
      document.removeEventListener('focusin', reveal);
      // A decision taken from the banner removes it: focus then goes to the reopen button.
      const active = deepActiveElement();
      element.remove();
      if (active && element.contains(active)) restoreFocus(null);
    },
  };
}
