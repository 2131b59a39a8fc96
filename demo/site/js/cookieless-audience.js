/**
 * Runs only when Performance is refused (`data-category="!performance"`): counts the page view
 * on our own server without any cookie or identifier, the kind of audience measurement the CNIL
 * exempts from consent.
 */
fetch('/stats/hit', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ page: location.pathname }) })
  .then((response) => response.json())
  .then(({ hits }) => {
    (window.demoTrackers ??= {}).cookieless = { hits };
    window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { id: 'cookieless', hits } }));
  }, () => undefined);
