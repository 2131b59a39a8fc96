import { ensureTexts, translator, type TextsLoader } from './i18n';
import { error } from '../core/log';
import css from './placeholder.css?inline';
import { createShadowHost } from './shadow-host';
import theme from './theme.css?inline';
import type { Controller } from '../core/controller';

/**
 * Stands in for a blocked iframe: says who provides the content and which category it needs,
 * with a button that grants that category. Removed when the iframe is released; re-rendered in
 * the new language when the language changes.
 */
export function explainBlockedIframes(controller: Controller, load: TextsLoader): void {
  const shown = new Map<HTMLIFrameElement, { host: HTMLElement; render: () => void }>();

  const add = (iframe: HTMLIFrameElement, category: string) => {
    if (shown.has(iframe)) return;
    const { host, root } = createShadowHost('temoin-placeholder', theme, css);
    const text = document.createElement('p');
    const button = document.createElement('button');
    button.type = 'button';
    button.addEventListener('click', () => {
      // What is allowed now stays allowed: under opt-out, without a decision, that is every
      // category the model and Global Privacy Control leave on, not only those of a record.
      const allowed = Object.keys(controller.config.categories).filter((id) => controller.isAllowed(id));
      controller.accept([...allowed, category]);
    });
    button.className = 'button';
    const panel = document.createElement('div');
    panel.className = 'root placeholder';
    panel.append(text, button);
    root.append(panel);
    // The placeholder takes the iframe's place at the iframe's size, so the page does not move.
    // (`all: initial` on the host resets ordinary properties; custom properties pass through.)
    const box = iframe.getBoundingClientRect();
    for (const [side, size] of [['width', box.width], ['height', box.height]] as const) {
      const px = size || parseInt(iframe.getAttribute(side) ?? '', 10);
      if (px) host.style.setProperty(`--temoin-${side}`, `${px}px`);
    }
    const render = () => {
      const t = translator(controller.config, controller.language);
      const name = t(`categories.${category}.title`) || category;
      let source = '';
      try {
        source = new URL(iframe.getAttribute('data-src') ?? '', location.href).hostname;
      } catch {
        // An unparsable address: the text then names no host.
      }
      // Content served from this very site (a proxy, a same-site player) has no other host to name.
      if (source === location.hostname) source = '';
      panel.lang = controller.language;
      text.textContent = source ? t('placeholder.text', { host: source, category: name }) : t('placeholder.unnamed', { category: name });
      button.textContent = t('placeholder.allow', { category: name });
    };
    render();
    iframe.hidden = true;
    iframe.before(host);
    shown.set(iframe, { host, render });
  };

  const refresh = () => {
    for (const [iframe, { host, render }] of shown)
      if (iframe.hasAttribute('src') || !iframe.isConnected) {
        // Released, the frame is a copy in its place (see core/blocker.ts), or the page took it away.
        const next = host.nextElementSibling;
        const frame = iframe.isConnected ? iframe : next instanceof HTMLIFrameElement && next.hasAttribute('src') && next.getAttribute('data-src') === iframe.getAttribute('data-src') ? next : null;
        // Whoever pressed the placeholder's button carries on in the content it let in.
        const focused = host.shadowRoot?.activeElement;
        host.remove();
        if (frame) {
          frame.hidden = false;
          if (focused) frame.focus();
        }
        shown.delete(iframe);
      } else render();
  };

  // Without its texts a placeholder would be a nameless button: until they load, the iframe stays
  // held back as it is, and the next iframe held back tries again.
  let explaining = false;
  const begin = () =>
    ensureTexts(load, controller.language).then(
      () => {
        if (explaining) return;
        explaining = true;
        // Those held back before this part arrived: tagged for a category the site has, not released.
        for (const iframe of document.querySelectorAll<HTMLIFrameElement>('iframe[data-category]:not([data-temoin-released])')) {
          const category = iframe.getAttribute('data-category') ?? '';
          if (Object.hasOwn(controller.config.categories, category) && !controller.isAllowed(category)) add(iframe, category);
        }
        controller.on('blockedIframe', ({ iframe, category }) => {
          add(iframe, category);
        });
        controller.on('change', refresh);
        controller.on('language', (language) => {
          ensureTexts(load, language).then(refresh, (problem: unknown) => {
            error(`could not load the "${language}" texts (${String(problem)})`);
          });
        });
      },
      (problem: unknown) => {
        error(`could not load the texts of the placeholders (${String(problem)})`);
        const retry = controller.on('blockedIframe', () => {
          retry();
          void begin();
        });
      },
    );
  void begin();
}
