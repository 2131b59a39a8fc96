/* global requestAnimationFrame, requestIdleCallback, MessageChannel */
// The `spa` page's own script: a single-page app that, when the bench calls
// `harbourApp.addItems()`, adds 1,000 elements to the page in 20 batches of 50, one batch an
// animation frame, as an app renders a list it receives. One element in ten is tagged for
// advertising, which the visitor refused: half pixels (`data-src`), half inline scripts (each
// would call `__bench.ran(n)`). None may be released, so a library's time here is what watching
// the page costs it, not what released elements cost the browser (starting a pixel's request
// alone costs about 0.3 ms at 4× CPU, as much as the app's own work for a few elements).
(() => {
  const BATCHES = 20;
  const PER_BATCH = 50;
  const TEXT = 'Moorings, ferry times and opening hours of the harbour, updated by the port office.';

  const item = (n) => {
    if (n % 20 === 9) {
      const pixel = document.createElement('img');
      pixel.dataset.category = 'advertising';
      pixel.dataset.src = `/3p/p.gif?n=${n}`;
      pixel.alt = '';
      return pixel;
    }
    if (n % 20 === 19) {
      const script = document.createElement('script');
      script.type = 'text/plain';
      script.dataset.category = 'advertising';
      script.text = `__bench.ran(${n})`;
      return script;
    }
    const paragraph = document.createElement('p');
    paragraph.textContent = `${n + 1}. ${TEXT}`;
    return paragraph;
  };

  const nextFrame = () => new Promise((done) => requestAnimationFrame(done));
  const nextTask = () =>
    new Promise((done) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = done;
      channel.port2.postMessage(null);
    });

  window.harbourApp = {
    /** Resolves once the last batch is in and the page has been idle after it (whatever a library deferred has run). */
    async addItems() {
      const list = document.getElementById('app');
      for (let batch = 0; batch < BATCHES; batch++) {
        await nextFrame();
        const fragment = document.createDocumentFragment();
        for (let i = 0; i < PER_BATCH; i++) fragment.append(item(batch * PER_BATCH + i));
        list.append(fragment);
      }
      await nextFrame();
      await nextTask();
      await new Promise((done) => requestIdleCallback(done, { timeout: 2000 }));
    },
  };
})();
