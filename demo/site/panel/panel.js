/**
 * The demo's live panel: shows, without DevTools, what Témoin does on this page. Each tagged
 * element and whether it is held back or released (its `data-temoin-released` attribute and the
 * fake trackers' own reports), the consent record, Google Consent Mode as the dataLayer has it,
 * and the cookies, and the proofs of consent the server's ledger kept (`temoin serve`'s entries
 * and what `temoin verify` says). It only watches: it is not tagged, and it is built with DOM APIs
 * and textContent, never HTML strings.
 */
(() => {
  const french = document.documentElement.lang.toLowerCase().startsWith('fr');
  const TEXT = french
    ? {
        title: 'Témoin, en direct',
        intro: 'Ce que Témoin retient et libère sur cette page, à mesure. Ce panneau ne fait pas partie du site.',
        hide: 'Masquer', show: 'Panneau Témoin',
        reset: 'Réinitialiser le consentement', open: 'Ouvrir les préférences',
        resources: 'Éléments balisés sur cette page', noResource: 'Aucun élément balisé.',
        held: 'Retenu', released: 'Libéré', summary: (held, released) => `${held} retenu(s), ${released} libéré(s)`,
        negated: (id) => `s’exécute si « ${id} » est refusée`,
        analytics: ({ pageViews, cookies }) => `page vue n° ${pageViews} comptée ; cookies ${cookies.join(', ')}`,
        ads: () => 'cookie _fbp déposé', share: () => 'bouton affiché',
        cookieless: ({ hits }) => `visite n° ${hits} comptée, sans cookie`,
        pixel: 'pixel demandé', player: 'lecteur chargé', placeholder: 'message affiché à la place',
        record: 'Décision (Temoin.getRecord())', noRecord: 'Aucune décision : getRecord() renvoie null.',
        fields: { method: 'Décision', granted: 'Acceptées', refused: 'Refusées', language: 'Langue', revision: 'Révision', updatedAt: 'Mise à jour', id: 'Identifiant' },
        consentMode: 'Google Consent Mode (dataLayer)', type: 'Type', default: 'Défaut', now: 'Actuel',
        noConsentMode: 'Pas encore de commande « consent » dans dataLayer.',
        cookies: 'Cookies (document.cookie)', noCookie: 'Aucun cookie.',
        events: 'Événements', noEvent: 'Aucun pour l’instant.',
        proofs: 'Preuves de consentement reçues par le serveur',
        ledger: 'Registre des preuves (temoin serve)', noEntry: 'Aucune preuve enregistrée pour l’instant.',
        entry: (seq, method) => `n° ${seq} · ${method}`, verify: 'temoin verify :',
        missing: 'Témoin n’est pas chargé : lancez « npm run build ».',
        region: 'Région du visiteur', regionHint: 'Le serveur l’écrit dans la page ; Témoin en déduit le modèle de consentement.',
        regions: { '': 'Non indiquée', FR: 'France (UE)', 'CA-QC': 'Québec', 'CA-ON': 'Ontario', 'US-CA': 'Californie', JP: 'Japon' },
        model: (key, model) => `Entrée « ${key} » : ${model}`,
      }
    : {
        title: 'Témoin live panel',
        intro: 'What Témoin holds back and releases on this page, as it happens. This panel is not part of the site.',
        hide: 'Hide', show: 'Témoin panel',
        reset: 'Reset consent', open: 'Open preferences',
        resources: 'Tagged on this page', noResource: 'Nothing tagged.',
        held: 'Held back', released: 'Released', summary: (held, released) => `${held} held back, ${released} released`,
        negated: (id) => `runs if “${id}” is refused`,
        analytics: ({ pageViews, cookies }) => `page view no. ${pageViews} counted; cookies ${cookies.join(', ')}`,
        ads: () => 'cookie _fbp set', share: () => 'button drawn',
        cookieless: ({ hits }) => `hit no. ${hits} counted, no cookie`,
        pixel: 'pixel requested', player: 'player loaded', placeholder: 'placeholder shown instead',
        record: 'Decision (Temoin.getRecord())', noRecord: 'No decision yet: getRecord() returns null.',
        fields: { method: 'Decision', granted: 'Granted', refused: 'Refused', language: 'Language', revision: 'Revision', updatedAt: 'Updated', id: 'Id' },
        consentMode: 'Google Consent Mode (dataLayer)', type: 'Type', default: 'Default', now: 'Now',
        noConsentMode: 'No “consent” command in the dataLayer yet.',
        cookies: 'Cookies (document.cookie)', noCookie: 'No cookie.',
        events: 'Events', noEvent: 'None yet.',
        proofs: 'Proofs of consent received by the server',
        ledger: 'Proof kept by the ledger (temoin serve)', noEntry: 'No proof kept yet.',
        entry: (seq, method) => `no. ${seq} · ${method}`, verify: 'temoin verify:',
        missing: 'Témoin is not loaded: run `npm run build`.',
        region: 'Visitor’s region', regionHint: 'The server writes it into the page; Témoin picks the consent model from it.',
        regions: { '': 'Not given', FR: 'France (EU)', 'CA-QC': 'Québec', 'CA-ON': 'Ontario', 'US-CA': 'California', JP: 'Japan' },
        model: (key, model) => `Entry “${key}”: ${model}`,
      };

  /** `el('p', { class: 'x' }, 'text', child)`: an element with attributes and text or element children. */
  const el = (tag, attributes = {}, ...children) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    element.append(...children);
    return element;
  };
  const section = (id, title, ...content) =>
    el('section', { class: 'dp-section', 'aria-labelledby': id }, el('h3', { id }, title), ...content);

  // The panel's skeleton; the lists inside are rebuilt on every change.
  const resources = el('ul', { class: 'dp-resources' });
  const status = el('p', { class: 'dp-status', role: 'status' });
  const record = el('div', { class: 'dp-record' });
  const consentMode = el('div', { class: 'dp-consent-mode' });
  const cookies = el('ul', { class: 'dp-cookies' });
  const events = el('ol', { class: 'dp-events' });
  const ledgerEntries = el('ol', { class: 'dp-ledger' });
  const verdict = el('p', { class: 'dp-verify' });
  // The region a server would state: the demo server writes what `?region=` says.
  const region = new URL(location.href).searchParams.get('region') ?? '';
  const regionSelect = el('select', { id: 'dp-region', class: 'dp-select' },
    ...Object.entries(TEXT.regions).map(([code, name]) => {
      const option = el('option', { value: code }, code ? `${name} (${code})` : name);
      option.selected = code === region;
      return option;
    }));
  const model = el('p', { class: 'dp-model' });
  const reset = el('button', { type: 'button', class: 'dp-button' }, TEXT.reset);
  const open = el('button', { type: 'button', class: 'dp-button' }, TEXT.open);
  const toggle = el('button', { type: 'button', class: 'dp-toggle', 'aria-expanded': 'true', 'aria-controls': 'temoin-demo-panel-body' }, TEXT.hide);
  const body = el(
    'div',
    { id: 'temoin-demo-panel-body', class: 'dp-body' },
    el('p', { class: 'dp-intro' }, TEXT.intro),
    el('div', { class: 'dp-actions' }, reset, open),
    el('div', { class: 'dp-region' },
      el('label', { for: 'dp-region' }, TEXT.region), regionSelect,
      el('p', { class: 'dp-hint' }, TEXT.regionHint), model),
    section('dp-resources-title', TEXT.resources, status, resources),
    section('dp-record-title', TEXT.record, record),
    section('dp-consent-mode-title', TEXT.consentMode, consentMode),
    section('dp-cookies-title', TEXT.cookies, cookies),
    section('dp-events-title', TEXT.events, events),
    section('dp-ledger-title', TEXT.ledger, verdict, ledgerEntries),
    el('p', { class: 'dp-foot' }, el('a', { href: '/consent-records' }, TEXT.proofs)),
  );
  const panel = el(
    'aside',
    { id: 'temoin-demo-panel', class: 'dp', 'aria-labelledby': 'dp-title' },
    el('div', { class: 'dp-head' }, el('h2', { id: 'dp-title' }, TEXT.title), toggle),
    body,
  );
  document.body.classList.add('has-demo-panel');
  document.body.append(panel);

  toggle.addEventListener('click', () => {
    const collapse = !body.hidden;
    body.hidden = collapse;
    panel.classList.toggle('collapsed', collapse);
    document.body.classList.toggle('demo-panel-collapsed', collapse);
    toggle.setAttribute('aria-expanded', String(!collapse));
    toggle.textContent = collapse ? TEXT.show : TEXT.hide;
  });
  reset.addEventListener('click', () => window.Temoin?.reset());
  regionSelect.addEventListener('change', () => {
    const url = new URL(location.href);
    if (regionSelect.value) url.searchParams.set('region', regionSelect.value);
    else url.searchParams.delete('region');
    location.assign(url);
  });
  // The site's own links keep the region, as a visitor's location would stay the same.
  if (region)
    for (const link of document.querySelectorAll('a[href]')) {
      const target = new URL(link.getAttribute('href'), location.href);
      if (target.origin === location.origin && (target.pathname.endsWith('.html') || target.pathname.endsWith('/'))) {
        target.searchParams.set('region', region);
        link.setAttribute('href', target.pathname + target.search + target.hash);
      }
    }
  const renderModel = () => {
    const jurisdiction = window.Temoin?.jurisdiction;
    model.textContent = jurisdiction ? TEXT.model(jurisdiction.key, jurisdiction.model) : '';
  };
  window.addEventListener('temoin:ready', renderModel);
  renderModel();
  open.addEventListener('click', () => window.Temoin?.showPreferences());

  /** Cookie name patterns per category, from the demo's configuration (for labelling the cookies). */
  let patterns = [];
  fetch('/consent.json')
    .then((response) => response.json())
    .then((config) => {
      patterns = [[config.cookie?.name ?? 'temoin', 'necessary']];
      for (const [id, category] of Object.entries(config.categories ?? {}))
        for (const pattern of category.cookies ?? []) patterns.push([pattern, id]);
      schedule();
    }, () => undefined);
  const categoryOfCookie = (name) =>
    patterns.find(([pattern]) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern))?.[1];

  /** Released media whose `load` event the panel saw (it may also have come before the panel started: see below). */
  const loaded = new WeakSet();
  const frameLoaded = (iframe) => {
    try {
      return iframe.contentDocument?.readyState === 'complete' && iframe.contentDocument.URL !== 'about:blank';
    } catch {
      return false;
    }
  };
  const describeEffect = (element) => {
    const tracker = element.getAttribute('data-demo-tracker');
    const report = tracker && window.demoTrackers?.[tracker];
    if (report && TEXT[tracker]) return TEXT[tracker](report);
    if (element.tagName === 'IMG' && element.hasAttribute('src') && (loaded.has(element) || (element.complete && element.naturalWidth > 0)))
      return TEXT.pixel;
    if (element.tagName === 'IFRAME') {
      if (element.hasAttribute('src') && (loaded.has(element) || frameLoaded(element))) return TEXT.player;
      if (element.previousElementSibling?.localName === 'temoin-placeholder') return TEXT.placeholder;
    }
    return '';
  };

  const renderResources = () => {
    const tagged = Array.from(document.querySelectorAll('[data-category]')).filter((e) => !panel.contains(e));
    let held = 0;
    resources.replaceChildren(
      ...tagged.map((element) => {
        const released = element.hasAttribute('data-temoin-released');
        if (!released) held += 1;
        const category = element.getAttribute('data-category');
        const address = element.getAttribute('src') ?? element.getAttribute('data-src') ?? '';
        const meta = [element.localName, category.startsWith('!') ? TEXT.negated(category.slice(1)) : category].join(' · ');
        const effect = describeEffect(element);
        return el(
          'li',
          { class: 'dp-resource', 'data-state': released ? 'released' : 'held' },
          el('span', { class: 'dp-badge' }, released ? TEXT.released : TEXT.held),
          el('span', { class: 'dp-name' }, element.getAttribute('data-demo-label') || address),
          el('span', { class: 'dp-meta' }, meta),
          el('code', { class: 'dp-address' }, address),
          ...(effect ? [el('span', { class: 'dp-effect' }, `→ ${effect}`)] : []),
        );
      }),
    );
    if (!tagged.length) resources.append(el('li', {}, TEXT.noResource));
    const summary = TEXT.summary(held, tagged.length - held);
    if (status.textContent !== summary) status.textContent = summary;
  };

  const renderRecord = () => {
    if (!window.Temoin) return record.replaceChildren(el('p', {}, TEXT.missing));
    const current = window.Temoin.getRecord();
    if (!current) return record.replaceChildren(el('p', { class: 'dp-none' }, TEXT.noRecord));
    const rows = Object.entries(TEXT.fields)
      .filter(([key]) => key in current)
      .flatMap(([key, label]) => {
        const value = current[key];
        return [el('dt', {}, label), el('dd', {}, Array.isArray(value) ? value.join(', ') || '–' : String(value))];
      });
    record.replaceChildren(el('dl', {}, ...rows));
  };

  /** The arguments of the last `gtag('consent', kind, …)` pushed onto the dataLayer. */
  const lastConsent = (kind) =>
    Array.from(window.dataLayer ?? [])
      .reverse()
      .find((entry) => entry && typeof entry === 'object' && entry[0] === 'consent' && entry[1] === kind)?.[2];

  const renderConsentMode = () => {
    const initial = lastConsent('default');
    if (!initial) return consentMode.replaceChildren(el('p', { class: 'dp-none' }, TEXT.noConsentMode));
    const now = { ...initial, ...lastConsent('update') };
    const value = (v) => el('td', { class: `dp-value dp-${v}` }, String(v));
    const rows = Object.keys(initial)
      .filter((type) => type.endsWith('_storage') || type.startsWith('ad_'))
      .map((type) => el('tr', { 'data-type': type }, el('th', { scope: 'row' }, type), value(initial[type]), value(now[type])));
    consentMode.replaceChildren(
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, TEXT.type), el('th', { scope: 'col' }, TEXT.default), el('th', { scope: 'col' }, TEXT.now))),
        el('tbody', {}, ...rows),
      ),
    );
  };

  const renderCookies = () => {
    const list = document.cookie ? document.cookie.split('; ') : [];
    cookies.replaceChildren(
      ...list.map((pair) => {
        const [name, ...rest] = pair.split('=');
        const value = rest.join('=');
        const category = categoryOfCookie(name);
        return el(
          'li',
          {},
          el('code', { class: 'dp-cookie-name' }, name),
          ...(category ? [el('span', { class: 'dp-meta' }, ` ${category}`)] : []),
          el('code', { class: 'dp-cookie-value' }, value.length > 48 ? `${value.slice(0, 47)}…` : value),
        );
      }),
    );
    if (!list.length) cookies.append(el('li', { class: 'dp-none' }, TEXT.noCookie));
  };

  const log = [];
  const renderEvents = () => {
    events.replaceChildren(...log.map(([time, text]) => el('li', {}, el('time', {}, time), ` ${text}`)));
    if (!log.length) events.append(el('li', { class: 'dp-none' }, TEXT.noEvent));
  };
  const describeEvent = (name, detail) => {
    if (name === 'change') return `change: ${[...detail.granted.map((id) => `+${id}`), ...detail.revoked.map((id) => `−${id}`)].join(' ')}`;
    return `${name}: ${detail ? detail.method : 'null'}`;
  };
  for (const name of ['ready', 'consent', 'change'])
    window.addEventListener(`temoin:${name}`, (event) => {
      log.unshift([new Date().toLocaleTimeString(french ? 'fr-CA' : 'en-CA'), describeEvent(name, event.detail)]);
      log.splice(8);
      schedule();
    });

  /** The ledger's newest entries (this visitor's marked) and the chain's check, from the demo server. */
  const LEDGER_SHOWN = 5;
  const renderLedger = async () => {
    try {
      const [entries, check] = await Promise.all(
        ['/consent-records', '/consent-records/verify'].map((url) => fetch(url).then((response) => response.json())),
      );
      const mine = window.Temoin?.getRecord()?.id;
      ledgerEntries.replaceChildren(
        ...entries.slice(-LEDGER_SHOWN).reverse().map(({ seq, receivedAt, hash, record }) =>
          el(
            'li',
            { 'data-seq': String(seq), ...(record.id === mine ? { class: 'dp-mine' } : {}) },
            el('span', { class: 'dp-name' }, TEXT.entry(seq, record.method)),
            el('time', { datetime: receivedAt }, ` ${new Date(receivedAt).toLocaleTimeString(french ? 'fr-CA' : 'en-CA')}`),
            el('code', { class: 'dp-address' }, `${record.id} · ${hash.slice(0, 16)}…`),
          ),
        ),
      );
      if (!entries.length) ledgerEntries.append(el('li', { class: 'dp-none' }, TEXT.noEntry));
      verdict.className = `dp-verify ${check.ok ? 'dp-granted' : 'dp-denied'}`;
      verdict.textContent = `${TEXT.verify} ${check.line}`;
    } catch {
      // The demo server is restarting: the next refresh will tell.
    }
  };
  // After each decision the browser sends its proof: look again a moment later, and now and then.
  for (const name of ['ready', 'consent']) window.addEventListener(`temoin:${name}`, () => setTimeout(renderLedger, 500));
  setInterval(renderLedger, 5000);
  renderLedger();

  const render = () => {
    renderResources();
    renderRecord();
    renderConsentMode();
    renderCookies();
    renderEvents();
  };
  let pending = 0;
  /** Renders once for a burst of changes. */
  function schedule() {
    if (!pending) pending = setTimeout(() => {
      pending = 0;
      render();
    }, 20);
  }

  // What changes the picture: Témoin releasing elements, the trackers' reports, loads, cookies.
  new MutationObserver((mutations) => {
    if (mutations.some((m) => !panel.contains(m.target))) schedule();
  }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-temoin-released', 'src'] });
  window.addEventListener('demo:tracker', schedule);
  document.addEventListener(
    'load',
    (event) => {
      if (event.target instanceof window.Element && event.target.hasAttribute('data-category')) {
        loaded.add(event.target);
        schedule();
      }
    },
    true,
  );
  if (window.cookieStore) window.cookieStore.addEventListener('change', schedule);
  else setInterval(schedule, 1000);
  render();
})();
