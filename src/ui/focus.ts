/** The focused element, looking inside shadow roots (the opener may be Témoin's own button). */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

/**
 * Puts focus back where the person was when the banner or dialog closes: on `opener` if it is
 * still on the page, else on the "Cookie settings" button, never lost on `<body>`.
 */
export function restoreFocus(opener: HTMLElement | null): void {
  const reopen = document.querySelector('temoin-reopen')?.shadowRoot?.querySelector('button');
  (opener?.isConnected ? opener : reopen)?.focus();
}
