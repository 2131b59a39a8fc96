/* global requestAnimationFrame, requestIdleCallback, MessageChannel */
// The `spa` page's own script: a single-page app that, when the bench calls
// `harbourApp.addItems()`, adds 1,000 elements to the page in 20 batches of 50, one batch an
// animation frame, as an app renders a list it receives. One element in ten is tagged: half are
// necessary pixels (`data-src`, released under any decision: a library that watches the page
// sets their `src`), half advertising inline scripts (each would call `__bench.ran(n)`; none may
// run while advertising is refused). Releasing a pixel costs next to nothing, so the library's
// time here is what it spends watching the page, not what released code costs.
(() => {
  const BATCHES = 20;
  const PER_BATCH = 50;
  const TEXT = 'Moorings, ferry times and opening hours of the harbour, updated by the port office.';

  const item = (n) => {
    if (n % 20 === 9) {
      const pixel = document.createElement('img');
      pixel.dataset.category = 'necessary';
      pixel.dataset.src = `/app/p.gif?n=${n}`;
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
    /** The necessary pixels among the elements added: what a library that watches the page releases. */
    necessaryPixels: (BATCHES * PER_BATCH) / 20,
  };
})();
