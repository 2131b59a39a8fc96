/**
 * A stand-in for Google Analytics' gtag.js, served by the demo server: like the real one it reads
 * the page's dataLayer, and on `config` sets the _ga, _ga_<id> and _gid cookies and sends a page
 * view home. It then reports what it did to the demo's panel (`demo:tracker`).
 */
(() => {
  const year = 365 * 24 * 3600;
  const now = Math.floor(Date.now() / 1000);
  const random = () => Math.floor(Math.random() * 2147483647);
  const cookie = (name) => document.cookie.split('; ').find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
  const setCookie = (name, value, maxAge) => {
    document.cookie = `${name}=${value}; max-age=${maxAge}; path=/; SameSite=Lax`;
  };
  const report = (detail) => {
    (window.demoTrackers ??= {}).analytics = detail;
    window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { id: 'analytics', ...detail } }));
  };

  const pageView = (measurementId) => {
    const client = cookie('_ga') ?? `GA1.1.${random()}.${now}`;
    const stream = `_ga_${measurementId.replace(/^G-/, '')}`;
    setCookie('_ga', client, 2 * year);
    setCookie(stream, `GS1.1.${now}.1.0.${now}.0.0.0`, 2 * year);
    setCookie('_gid', cookie('_gid') ?? `GA1.1.${random()}.${now}`, 24 * 3600);
    fetch('/fake/google-analytics/collect', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tid: measurementId, cid: client.split('.').slice(2).join('.'), page: location.pathname }),
    })
      .then((response) => response.json())
      .then(({ pageViews }) => {
        report({ pageViews, cookies: ['_ga', stream, '_gid'] });
      }, () => undefined);
  };

  const handle = (command) => {
    if (command && command[0] === 'config' && typeof command[1] === 'string') pageView(command[1]);
  };
  const dataLayer = (window.dataLayer ??= []);
  Array.from(dataLayer).forEach(handle);
  const push = dataLayer.push;
  dataLayer.push = function (...commands) {
    commands.forEach(handle);
    return push.apply(this, commands);
  };
})();
