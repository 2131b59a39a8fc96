// The bench's hand-written minimum: the least a consent script can do on the bench pages, the
// floor every figure is read against. It reads one cookie and releases what it grants (tagged
// scripts in document order, `data-src` pixels and frames, also those added later); otherwise it
// shows a plain three-button banner. No dialog, no texts file, no checks. Loaded with `defer`.
(() => {
  let granted;
  // As the parser would: an inline script waits for the ordered external scripts before it, and an
  // external script is inserted once the inline scripts before it have run.
  let externalsLoaded = Promise.resolve();
  let inlinesRun = Promise.resolve();
  const runScript = (tagged) => {
    const script = document.createElement('script');
    for (const { name, value } of tagged.attributes) if (name !== 'type') script.setAttribute(name, value);
    if (!tagged.src) {
      script.text = tagged.text;
      inlinesRun = Promise.all([inlinesRun, externalsLoaded]).then(() => tagged.replaceWith(script));
      return;
    }
    script.async = tagged.hasAttribute('async');
    const loaded = new Promise((done) => (script.onload = script.onerror = done));
    if (!script.async) externalsLoaded = Promise.all([externalsLoaded, loaded]);
    inlinesRun.then(() => tagged.replaceWith(script));
  };
  const release = (element) => {
    if (!granted.has(element.dataset.category)) return;
    if (element.type === 'text/plain') runScript(element);
    else if (element.dataset.src && element.tagName !== 'SCRIPT') element.src = element.dataset.src;
  };
  const releaseIn = (root) => {
    if (root.hasAttribute('data-category')) release(root);
    if (root.firstElementChild) root.querySelectorAll('[data-category]').forEach(release);
  };
  const start = (categories) => {
    granted = new Set(categories);
    releaseIn(document.documentElement);
    new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) releaseIn(node);
    }).observe(document, { childList: true, subtree: true });
  };
  const stored = /(?:^|; )minimum=([\w.-]*)/.exec(document.cookie);
  if (stored) return start(stored[1].split('.'));
  document.body.insertAdjacentHTML(
    'beforeend',
    '<div id="minimum-consent" role="region" aria-label="Cookies" style="position:fixed;left:0;right:0;bottom:0;padding:1rem;background:#fff;color:#222;border-top:2px solid #222;font:16px/1.4 sans-serif">' +
      '<p>We use cookies to measure our audience, for advertising and for embedded videos. You can accept them, refuse them or choose.</p>' +
      '<button data-choice="all">Accept all</button> <button data-choice="necessary">Reject all</button> <button data-choice="choose">Choose</button></div>',
  );
  const banner = document.body.lastElementChild;
  banner.addEventListener('click', ({ target }) => {
    // Choosing category by category is the privacy page's business: the minimum has no dialog.
    if (target.dataset.choice === 'choose') location.href = '/privacy';
    const categories = { all: ['necessary', 'performance', 'advertising', 'third-party'], necessary: ['necessary'] }[target.dataset.choice];
    if (!categories) return;
    document.cookie = `minimum=${categories.join('.')}; path=/; max-age=15552000; samesite=lax`;
    banner.remove();
    start(categories);
  });
})();
