/**
 * WebKitGTK (Safari's engine) through WebKitWebDriver, classic WebDriver, with selenium-webdriver.
 * Its browser, MiniBrowser, has no headless mode: the driver runs under Xvfb, in a process group
 * of its own so that closing stops the display, the driver and every browser it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Builder, By, Capabilities, Key } from 'selenium-webdriver';
import { until } from '../../browser/harness.mjs';
import { VIEWPORT } from '../driver.mjs';

/** Debian installs MiniBrowser with WebKitGTK, under the machine's multiarch folder (x86_64-linux-gnu, aarch64-linux-gnu…). */
const MINIBROWSER = readdirSync('/usr/lib')
  .map((folder) => `/usr/lib/${folder}/webkit2gtk-4.1/MiniBrowser`)
  .find((path) => existsSync(path));

export function missing() {
  const absent = ['WebKitWebDriver', 'xvfb-run'].filter((command) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0);
  if (!MINIBROWSER) absent.push('MiniBrowser');
  return absent.length ? `WebKit needs ${absent.join(', ')}: run \`apt-get install -y webkit2gtk-driver xvfb\` (Debian/Ubuntu).` : null;
}

/** A free TCP port on 127.0.0.1, for the driver to listen on. */
const freePort = () =>
  new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });

const KEYS = { Tab: Key.TAB, Enter: Key.ENTER, Escape: Key.ESCAPE, Space: Key.SPACE, Shift: Key.SHIFT };

export async function launch() {
  const port = await freePort();
  const driverProcess = spawn('xvfb-run', ['-a', '-s', '-screen 0 1400x1000x24', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore' });
  const stop = () => {
    try {
      process.kill(-driverProcess.pid);
    } catch {
      // Already gone.
    }
  };
  // The driver's process group is not the test's: stop it when the test process ends, interrupted or not.
  const interrupted = () => process.exit(1);
  process.once('exit', stop).once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const server = `http://127.0.0.1:${port}`;
  await until(() => fetch(`${server}/status`).then((r) => r.ok, () => false), 'WebKitWebDriver to listen');
  const capabilities = new Capabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } });
  let version;
  return {
    get version() {
      return `WebKitGTK ${version}`;
    },
    async newSession() {
      // Each session is a new MiniBrowser whose automation profile is ephemeral: a fresh profile.
      const driver = await new Builder().usingServer(server).withCapabilities(capabilities).build();
      // WebDriver waits 300 s for a page load by default: a navigation that never completes fails
      // within the scenario's time instead, as a TimeoutError.
      await driver.manage().setTimeouts({ pageLoad: 20_000, script: 10_000 });
      version ??= (await driver.getCapabilities()).get('browserVersion');
      // The window's size includes its frame: make the page's viewport the same as in the other engines.
      const [frameWidth, frameHeight] = await driver.executeScript('return [outerWidth - innerWidth, outerHeight - innerHeight]');
      await driver.manage().window().setRect({ width: VIEWPORT.width + frameWidth, height: VIEWPORT.height + frameHeight });
      /** The element at `selector`, stepping into each open shadow root as ` >> ` says. */
      const element = async (selector) => {
        let found = null;
        for (const step of selector.split(' >> ')) found = await (found ? await found.getShadowRoot() : driver).findElement(By.css(step));
        return found;
      };
      return {
        goto: (url) => driver.get(url),
        evaluate: (fn, arg) => driver.executeScript(`return (${fn})(arguments[0])`, arg),
        async click(selector) {
          const target = await element(selector);
          // Scrolled into view at once: WebDriver's own scrolling may leave a smooth-scrolling page mid-way.
          await driver.executeScript("arguments[0].scrollIntoView({ block: 'center', behavior: 'instant' })", target);
          await target.click();
        },
        async press(key) {
          const [modifier, name] = key.includes('+') ? key.split('+') : [null, key];
          const actions = driver.actions();
          if (modifier) actions.keyDown(KEYS[modifier]);
          actions.sendKeys(KEYS[name]);
          if (modifier) actions.keyUp(KEYS[modifier]);
          await actions.perform();
        },
        cookies: async () => (await driver.manage().getCookies()).map(({ name, value, domain, path }) => ({ name, value, domain, path })),
        reload: () => driver.navigate().refresh(),
        back: () => driver.navigate().back(),
        close: () => driver.quit(),
      };
    },
    async close() {
      stop();
      process.off('exit', stop).off('SIGINT', interrupted).off('SIGTERM', interrupted);
    },
  };
}
