import { useLayoutEffect, useRef } from 'preact/hooks';
import { deepActiveElement, restoreFocus } from './focus';
import { LanguageSwitcher } from './LanguageSwitcher';
import { PolicyLink } from './PolicyLink';
import type { Translate } from './i18n';
import type { Controller } from '../core/controller';

/** First layer: what is asked and why, and three buttons of equal weight. */
export function Banner({ controller, t, hidden }: { controller: Controller; t: Translate; hidden: boolean }) {
  const section = useRef<HTMLElement>(null);
  // Keeps what the keyboard focuses on the page from hiding under the fixed banner (WCAG 2.4.11).
  useLayoutEffect(() => {
    const page = document.documentElement.style;
    page.scrollPaddingBottom = `${(section.current?.offsetHeight ?? 0) + 16}px`;
    return () => {
      page.scrollPaddingBottom = '';
    };
  });
  // A decision taken from the banner removes it: focus then goes to the reopen button.
  useLayoutEffect(
    () => () => {
      const active = deepActiveElement();
      if (active && section.current?.contains(active)) restoreFocus(null);
    },
    [],
  );
  return (
    <section class="banner" aria-labelledby="temoin-banner-title" inert={hidden} ref={section}>
      <div class="head">
        <h2 id="temoin-banner-title">{t('banner.title')}</h2>
        <LanguageSwitcher controller={controller} t={t} />
      </div>
      <p>{t('banner.text')}</p>
      <p>
        {t('banner.withdraw')} <PolicyLink url={controller.config.privacyPolicyUrl} t={t} />
      </p>
      <div class="actions">
        <button type="button" class="button" data-action="accept-all" onClick={controller.acceptAll}>
          {t('actions.acceptAll')}
        </button>
        <button type="button" class="button" data-action="reject-all" onClick={controller.rejectAll}>
          {t('actions.rejectAll')}
        </button>
        <button type="button" class="button" data-action="customize" onClick={controller.showPreferences}>
          {t('actions.customize')}
        </button>
      </div>
    </section>
  );
}
