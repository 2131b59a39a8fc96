import { Component, createRef } from 'preact';
import { deepActiveElement, restoreFocus } from './focus';
import { LanguageSwitcher } from './LanguageSwitcher';
import { PolicyLink } from './PolicyLink';
import type { Translate } from './i18n';
import type { Controller } from '../core/controller';

interface Props {
  controller: Controller;
  t: Translate;
  /** Behind the open preferences dialog: shown but inert. */
  hidden: boolean;
}

/** First layer: what is asked and why, and three buttons of equal weight. */
export class Banner extends Component<Props> {
  section = createRef<HTMLElement>();

  /** Keeps what the keyboard focuses on the page from hiding under the fixed banner (WCAG 2.4.11). */
  padPage() {
    document.documentElement.style.scrollPaddingBottom = `${(this.section.current?.offsetHeight ?? 0) + 16}px`;
  }

  override componentDidMount() {
    this.padPage();
  }

  override componentDidUpdate() {
    this.padPage();
  }

  override componentWillUnmount() {
    document.documentElement.style.scrollPaddingBottom = '';
    // A decision taken from the banner removes it: focus then goes to the reopen button.
    const active = deepActiveElement();
    if (active && this.section.current?.contains(active)) restoreFocus(null);
  }

  override render({ controller, t, hidden }: Props) {
    return (
      <section class="banner" aria-labelledby="temoin-banner-title" inert={hidden} ref={this.section}>
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
}
