import { Component, createRef } from 'preact';
import { deepActiveElement, restoreFocus } from './focus';
import { LanguageSwitcher } from './LanguageSwitcher';
import { PolicyLink } from './PolicyLink';
import type { Translate } from './i18n';
import type { Controller } from '../core/controller';

interface Props {
  controller: Controller;
  t: Translate;
}

/** First layer: what is asked and why, and three buttons of equal weight. */
export class Banner extends Component<Props> {
  section = createRef<HTMLElement>();
  /** The page's own inline `padding-bottom` on <html>, put back when the banner goes. */
  pagePadding = document.documentElement.style.paddingBottom;

  /**
   * Keeps what the keyboard focuses on the page from hiding under the fixed banner (WCAG 2.4.11):
   * the end of the page can scroll above it, and a focused element under it is scrolled into view.
   */
  makeRoom() {
    const root = document.documentElement;
    const space = `${(this.section.current?.offsetHeight ?? 0) + 16}px`;
    root.style.paddingBottom = this.pagePadding;
    root.style.paddingBottom = `calc(${getComputedStyle(root).paddingBottom} + ${space})`;
    root.style.scrollPaddingBottom = space;
  }

  reveal = (event: FocusEvent) => {
    const target = event.target as Element;
    const bar = this.section.current;
    // Focus inside Témoin's shadow root reaches the document as focus on its host.
    if (bar && target !== (bar.getRootNode() as ShadowRoot).host && target.getBoundingClientRect().bottom > bar.getBoundingClientRect().top)
      target.scrollIntoView({ block: 'nearest' });
  };

  /** The banner's height follows its texts and the window's width. */
  resized = new ResizeObserver(() => {
    this.makeRoom();
  });

  override componentDidMount() {
    if (this.section.current) this.resized.observe(this.section.current);
    document.addEventListener('focusin', this.reveal);
  }

  override componentWillUnmount() {
    this.resized.disconnect();
    const root = document.documentElement.style;
    root.paddingBottom = this.pagePadding;
    root.scrollPaddingBottom = '';
    document.removeEventListener('focusin', this.reveal);
    // A decision taken from the banner removes it: focus then goes to the reopen button.
    const active = deepActiveElement();
    if (active && this.section.current?.contains(active)) restoreFocus(null);
  }

  override render({ controller, t }: Props) {
    return (
      <section class="banner" aria-labelledby="temoin-banner-title" ref={this.section}>
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
