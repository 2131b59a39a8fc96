import { Component, createRef, render } from 'preact';
import css from './dialog.css?inline';
import { deepActiveElement, restoreFocus } from './focus';
import { safeUrl, type Translate } from './i18n';
import { createLanguageSwitcher, type LanguageSwitcher } from './language-switcher';
import { adoptStyles } from './shadow-host';
import type { Controller } from '../core/controller';

const FOCUSABLE = 'button:not([disabled]), a[href], [tabindex="0"]';

export interface PreferencesProps {
  controller: Controller;
  t: Translate;
  onClosed: () => void;
}

/** Shows the dialog in `slot` (inside the banner's shadow root), or takes it away for null. */
export function renderPreferences(slot: HTMLElement, props: PreferencesProps | null): void {
  adoptStyles(slot.getRootNode() as ShadowRoot, css);
  render(props && <Preferences {...props} />, slot);
}

/** Holds an element built outside Preact (the language switcher), which Preact then leaves alone. */
class Mounted extends Component<{ element: HTMLElement }> {
  override shouldComponentUpdate() {
    return false;
  }

  override componentDidMount() {
    this.base?.appendChild(this.props.element);
  }

  override render() {
    return <span class="mounted" />;
  }
}

/**
 * Second layer: a modal dialog with one switch per category. Nothing is on but required
 * categories and, when reopened, the choices already made. Closing it never grants anything.
 */
class Preferences extends Component<PreferencesProps, { chosen: string[] }> {
  dialog = createRef<HTMLDialogElement>();
  heading = createRef<HTMLHeadingElement>();
  opener = deepActiveElement();
  switcher: LanguageSwitcher = createLanguageSwitcher(this.props.controller);

  constructor(props: PreferencesProps) {
    super(props);
    const { controller } = props;
    // What is allowed now: required categories and the choices already made, or without a
    // decision what the consent model allows (nothing more under opt-in).
    this.state = { chosen: Object.keys(controller.config.categories).filter(controller.isAllowed) };
  }

  override componentDidMount() {
    this.switcher.render(this.props.t);
    this.dialog.current?.showModal();
    this.heading.current?.focus();
  }

  override componentDidUpdate() {
    this.switcher.render(this.props.t);
  }

  override componentWillUnmount() {
    // The page stays inert while the modal is open: close it before giving focus back.
    // Preact unmounts after the decision's events, so the reopen button is already back.
    this.dialog.current?.close();
    restoreFocus(this.opener);
  }

  trapTab = (event: KeyboardEvent) => {
    const dialog = this.dialog.current;
    if (event.key !== 'Tab' || !dialog) return;
    const focusable = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = (dialog.getRootNode() as ShadowRoot).activeElement;
    if (event.shiftKey && (active === first || active === this.heading.current)) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  override render({ controller, t, onClosed }: PreferencesProps, { chosen }: { chosen: string[] }) {
    const { config, gpc } = controller;
    const ids = Object.keys(config.categories);
    const policy = safeUrl(config.privacyPolicyUrl);
    const asks = controller.jurisdiction.model === 'opt-in';
    const record = controller.getRecord();
    // California's rules ask a site to show that it honoured the browser's opt-out signal.
    const honored = !asks && ids.some((id) => controller.refusedByGpc(id) && !controller.isAllowed(id));
    return (
      <dialog
        ref={this.dialog}
        class="surface dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="temoin-preferences-title"
        onKeyDown={this.trapTab}
        onCancel={(event) => {
          event.preventDefault();
          onClosed();
        }}
      >
        <div class="head">
          <h2 id="temoin-preferences-title" tabIndex={-1} ref={this.heading}>
            {/* Named as what opened it: the floating button, "Your privacy choices" under opt-out. */}
            {t(controller.jurisdiction.model === 'opt-out' ? 'privacyChoices' : 'preferences.title')}
          </h2>
          <button type="button" class="close" aria-label={t('actions.close')} onClick={onClosed}>
            <span aria-hidden="true">×</span>
          </button>
          <Mounted element={this.switcher.element} />
        </div>
        {honored && <p class="honored">{t('optOut.honored')}</p>}
        <p>
          {t(asks ? 'preferences.text' : 'optOut.preferences')}{' '}
          {policy && (
            <a class="link" href={policy}>
              {t('banner.policy')}
            </a>
          )}
        </p>
        <ul class="categories">
          {ids.map((id) => {
            const category = config.categories[id] ?? {};
            const on = chosen.includes(id);
            const vendors = category.vendors ?? [];
            return (
              <li class="category" key={id}>
                <div class="category-head">
                  <div>
                    <h3 id={`temoin-title-${id}`}>{t(`categories.${id}.title`) || id}</h3>
                    {category.required && (
                      <p class="always" id={`temoin-always-${id}`}>
                        {t('preferences.alwaysActive')}
                      </p>
                    )}
                  </div>
                  <button
                    type="button"
                    role="switch"
                    class="switch"
                    data-category={id}
                    aria-checked={on}
                    aria-labelledby={`temoin-title-${id}`}
                    aria-describedby={`${category.required ? `temoin-always-${id} ` : ''}temoin-description-${id}`}
                    disabled={category.required}
                    onClick={() => {
                      this.setState({ chosen: on ? chosen.filter((c) => c !== id) : [...chosen, id] });
                    }}
                  />
                </div>
                <p id={`temoin-description-${id}`}>{t(`categories.${id}.description`)}</p>
                {gpc && category.gpcOptOut && controller.jurisdiction.model !== 'notice' && <p class="note">{t('preferences.gpc')}</p>}
                {vendors.length > 0 && (
                  <p class="vendors">
                    {t('preferences.vendors')}{' '}
                    {vendors.map((vendor, i) => {
                      const href = safeUrl(vendor.privacyPolicyUrl);
                      return (
                        <span key={vendor.name}>
                          {i > 0 && ', '}
                          {href ? (
                            <a class="link" href={href} aria-label={t('preferences.vendorPolicy', { name: vendor.name })}>
                              {vendor.name}
                            </a>
                          ) : (
                            vendor.name
                          )}
                        </span>
                      );
                    })}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
        {record && (
          <p class="consent-id">
            {t('preferences.consentId')} <code>{record.id}</code>
          </p>
        )}
        <div class="actions">
          <button type="button" class="button" data-action="accept-all" onClick={controller.acceptAll}>
            {t('actions.acceptAll')}
          </button>
          <button type="button" class="button" data-action="reject-all" onClick={controller.rejectAll}>
            {t('actions.rejectAll')}
          </button>
          <button
            type="button"
            class="button"
            data-action="save"
            onClick={() => {
              controller.accept(chosen);
            }}
          >
            {t('actions.save')}
          </button>
        </div>
      </dialog>
    );
  }
}
