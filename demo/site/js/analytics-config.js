/* Google's snippet, moved out of the page so that it runs under a CSP without 'unsafe-inline'. */
window.dataLayer = window.dataLayer || [];
window.gtag = window.gtag || function () {
  // gtag.js reads `arguments` objects, as Google's snippet pushes them.
  window.dataLayer.push(arguments);
};
window.gtag('js', new Date());
window.gtag('config', 'G-DEMO7Q2');
