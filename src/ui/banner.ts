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

type Action = [action: string, label: string, onClick: () => void];

/** The first layer's texts and choices under each consent model. */
function layer(controller: Controller): [texts: string[], actions: Action[]] {
  const gotIt: Action = ['dismiss', 'actions.gotIt', controller.dismiss];
  switch (controller.jurisdiction.model) {
    case 'opt-in': // Asks: three choices of equal weight.
      return [
        ['banner.text', 'banner.withdraw'],
        [
          ['accept-all', 'actions.acceptAll', controller.acceptAll],
          ['reject-all', 'actions.rejectAll', controller.rejectAll],
          ['customize', 'actions.customize', controller.showPreferences],
        ],
      ];
    case 'opt-out': // Tells what runs and how to opt out.
      return [['optOut.text'], [['choices', 'privacyChoices', controller.showPreferences], gotIt]];
    case 'notice': // Tells what runs.
      return [['notice.text'], [gotIt]];
  }
}

/**
 * The first layer. Under opt-in, a banner: what is asked and why, and three buttons of equal
 * weight. Under opt-out and notice, a smaller notice that says what runs. None takes focus or
 * blocks the page. Plain DOM, not Preact: it is on every first visit's critical path, where
 * Preact alone would cost 4 KiB.
 */
export function createBanner(controller: Controller): Banner {
  const { model } = controller.jurisdiction;
  const [textKeys, actions] = layer(controller);
  const asks = model === 'opt-in';
  const title = el('h2', { id: 'temoin-banner-title' });
  const switcher = createLanguageSwitcher(controller);
  const texts = textKeys.map(() => document.createTextNode(''));
  const href = safeUrl(controller.config.privacyPolicyUrl);
  const policy = href ? el('a', { class: 'link', href }) : '';
  // The choices: the same element, class and size (equal prominence).
  const choices = actions.map(([action, label, onClick]) => ({
    label,
    element: button({ class: 'button', 'data-action': action }, onClick),
  }));
  const element = el(
    'section',
    { class: `surface banner ${model}`, 'aria-labelledby': 'temoin-banner-title' },
    el('div', { class: 'head' }, title, switcher.element),
    ...texts.slice(0, -1).map((text) => el('p', {}, text)),
    el('p', {}, texts[texts.length - 1] ?? '', ' ', policy),
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
      // Under opt-out the heading names where the notice leads; under notice, what it is about.
      title.textContent = t(asks ? 'banner.title' : model === 'opt-out' ? 'privacyChoices' : 'notice.title');
      switcher.render(t);
      textKeys.forEach((key, i) => {
        (texts[i] as Text).data = t(key);
      });
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
