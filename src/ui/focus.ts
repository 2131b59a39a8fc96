/** The focused element, looking inside shadow roots (the opener may be Témoin's own button); null for none. */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active !== document.body && active instanceof HTMLElement ? active : null;
}

/**
 * Puts focus back where the person was when the banner or dialog closes: on `opener` if it can
 * still take it, else on the "Cookie settings" button, never lost on `<body>`.
 */
export function restoreFocus(opener: HTMLElement | null): void {
  opener?.focus();
  if (!opener || deepActiveElement() !== opener)
    document.querySelector('temoin-reopen')?.shadowRoot?.querySelector('button')?.focus();
}
