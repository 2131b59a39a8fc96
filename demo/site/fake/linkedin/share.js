/**
 * A stand-in for a LinkedIn share button script, served by the demo server: brings its own
 * stylesheet and draws the button in `#share-buttons`. Sharing is simulated: nothing is sent.
 */
(() => {
  const target = document.getElementById('share-buttons');
  if (!target) return;
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = new URL('share.css', document.currentScript.src).href;
  document.head.append(style);

  const french = document.documentElement.lang.startsWith('fr');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'linkedin-share';
  const logo = document.createElement('span');
  logo.className = 'linkedin-logo';
  logo.setAttribute('aria-hidden', 'true');
  logo.textContent = 'in';
  button.append(logo, french ? 'Partager' : 'Share');
  button.addEventListener('click', () => {
    button.lastChild.textContent = french ? 'Partagé (simulation)' : 'Shared (simulated)';
  });
  target.replaceChildren(button);
  (window.demoTrackers ??= {}).share = { rendered: true };
  window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { id: 'share', rendered: true } }));
})();
