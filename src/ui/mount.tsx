import { render } from 'preact';
import { App } from './App';
import { explainBlockedIframes } from './placeholders';
import { createShadowHost, withBody } from './shadow-host';
import css from './styles.css?inline';
import type { Controller } from '../core/controller';

/** Puts the banner and dialog on the page, in a shadow root placed first in `<body>` (first in tab order). */
export function mount(controller: Controller): void {
  const { host, root } = createShadowHost('temoin-consent', css);
  withBody((body) => {
    body.prepend(host);
    render(<App controller={controller} />, root);
  });
  explainBlockedIframes(controller);
}
