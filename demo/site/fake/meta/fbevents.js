/**
 * A stand-in for the Meta Pixel's fbevents.js, served by the demo server: sets the _fbp browser
 * id cookie (90 days) and defines `fbq`, then reports to the demo's panel (`demo:tracker`).
 */
(() => {
  if (!document.cookie.split('; ').some((c) => c.startsWith('_fbp='))) {
    const id = `fb.1.${Date.now()}.${Math.floor(Math.random() * 2147483647)}`;
    document.cookie = `_fbp=${id}; max-age=${90 * 24 * 3600}; path=/; SameSite=Lax`;
  }
  window.fbq ??= (...args) => {
    (window.fbq.queue ??= []).push(args);
  };
  (window.demoTrackers ??= {}).ads = { cookies: ['_fbp'] };
  window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { id: 'ads', cookies: ['_fbp'] } }));
})();
