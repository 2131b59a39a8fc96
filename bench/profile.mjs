/**
 * Where a library's time goes on one cold load, from a Chromium trace: the requests and
 * milestones in order (ms from navigation start) and the main thread's time until the banner,
 * split into HTML parsing, JavaScript compile and run per file, style, layout, paint and GC.
 * `node bench/profile.mjs [--variant temoin|vanilla|baseline] [--visit first|returning] [--throttle 4]`
 * (run `npm run build` first).
 */
import { parseArgs } from 'node:util';
import { launch } from '../test/browser/harness.mjs';
import { probe, temoinReturningCookie } from './measure.mjs';
import { consentCookie } from './page.mjs';
import { startServer } from './server.mjs';

const { values: options } = parseArgs({
  options: {
    variant: { type: 'string', default: 'temoin' },
    visit: { type: 'string', default: 'first' },
    throttle: { type: 'string', default: '4' },
  },
});
const throttle = Number(options.throttle);

/** Main-thread trace events by what they are; unnamed ones count as their parent. */
const KINDS = [
  [/^(ParseHTML|HTMLDocumentParser::)/, 'HTML parsing'],
  [/^(v8\.compile|V8\.(Compile|Parse|PreParse|CollectSourcePositions|StreamingFinalization|OffThreadFinalization|FinalizeBaseline))/, 'compile'],
  [/^(EvaluateScript|FunctionCall|v8\.run|v8\.callFunction|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch)$/, 'run'],
  [/^(UpdateLayoutTree|Document::updateStyle|Document::recalcStyle|CSSParserImpl::parseStyleSheet|StyleEngine::)/, 'style'],
  [/^(Layout|LocalFrameView::layout)$/, 'layout'],
  [/^(Paint|PrePaint|Layerize|Commit|UpdateLayer|InlineNode::)/, 'paint and text shaping'],
  [/GC/, 'GC'],
];
const kindOf = (name) => KINDS.find(([pattern]) => pattern.test(name))?.[1];
const fileOf = (event) => (event.args?.data?.url || event.args?.fileName || '').split('/').pop();

const browser = await launch();
const server = await startServer();
const context = await browser.newContext();
const url = `${server.origin}/${options.variant}.html`;
try {
  const returning = options.visit === 'returning';
  // Témoin's returning visitor has the cookie Témoin wrote (with the checked configuration's fingerprint).
  const cookie =
    returning && (options.variant === 'temoin' ? await temoinReturningCookie(browser, server) : consentCookie(options.variant, server.origin));
  if (cookie) await context.addCookies([cookie]);
  const expectBanner = options.visit === 'first' && options.variant !== 'baseline';
  await context.addInitScript(probe, { expectBanner, untilMs: 20000 });
  const page = await context.newPage();
  await page.goto(`${server.origin}/blank.html`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'blink.user_timing', 'loading', 'v8', 'v8.execute', 'disabled-by-default-v8.compile', 'toplevel'],
  });
  await page.goto(url);
  if (expectBanner) await page.waitForFunction(() => window.__bench.state.banner !== null, null, { timeout: 20000, polling: 100 });
  await page.waitForTimeout(500 * throttle);
  const figures = await page.evaluate(() => window.__bench.state);
  const events = JSON.parse(await browser.stopTracing()).traceEvents;
  const { profile } = await cdp.send('Profiler.stop');
  report(events, figures, profile);
} finally {
  await context.close();
  await browser.close();
  await server.close();
}

function report(events, figures, profile) {
  // Times count from the page's request: tracing itself delays it after navigation start.
  const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === url);
  const start = events.find((e) => e.name === 'ResourceSendRequest' && e.args.data.url === url);
  const main = events.filter((e) => e.pid === navigation.pid && e.tid === navigation.tid);
  const ms = (ts) => (ts - start.ts) / 1000;
  const bannerTs = figures.banner === null ? Infinity : navigation.ts + figures.banner * 1000;

  console.log(`${options.variant}, ${options.visit} visit, ${throttle}× CPU: ms from the page's request`);
  const milestones = [];
  const sent = new Map();
  for (const e of events) {
    const data = e.args?.data;
    if (e.ts < start.ts || e.pid !== navigation.pid) continue;
    if (e.name === 'ResourceSendRequest') sent.set(data.requestId, data.url);
    if ((e.name === 'ResourceSendRequest' || e.name === 'ResourceFinish') && sent.has(data.requestId))
      milestones.push([ms(e.ts), `${e.name === 'ResourceFinish' ? 'received' : 'requested'} ${sent.get(data.requestId).split('/').pop()}`]);
    if (e.pid === navigation.pid && e.tid === navigation.tid && e.ph === 'X' && e.name === 'EvaluateScript')
      milestones.push([ms(e.ts), `runs ${fileOf(e) || 'inline script'} (${(e.dur / 1000).toFixed(1)} ms)`]);
  }
  for (const name of ['domContentLoadedEventStart', 'firstContentfulPaint', 'loadEventStart']) {
    const e = main.find((m) => m.name === name && m.ts >= start.ts);
    if (e) milestones.push([ms(e.ts), name]);
  }
  if (figures.banner !== null) milestones.push([ms(bannerTs), 'banner on screen']);
  for (const [t, what] of milestones.sort((a, b) => a[0] - b[0])) console.log(`${t.toFixed(1).padStart(9)}  ${what}`);

  // Self time of each main-thread event until the banner (or the end), by kind and by script file.
  const spans = main.filter((e) => e.ph === 'X' && e.ts >= start.ts && e.ts < bannerTs).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const totals = new Map();
  const stack = [];
  const add = (key, us) => totals.set(key, (totals.get(key) ?? 0) + us);
  for (const e of spans) {
    while (stack.length && stack.at(-1).end <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const kind = kindOf(e.name) ?? parent?.kind ?? 'other';
    const file = fileOf(e) || parent?.file || '';
    if (parent) add(parent.key, -e.dur);
    const key = kind === 'compile' || kind === 'run' ? `${kind} ${file || '(promise callbacks, inline scripts)'}` : kind;
    add(key, e.dur);
    stack.push({ end: e.ts + e.dur, kind, file, key });
  }
  const until = figures.banner === null ? 'the end of the window' : 'the banner';
  console.log(`\nMain thread busy until ${until}, by kind (self time, ms):`);
  for (const [key, us] of [...totals].filter(([, us]) => us >= 500).sort((a, b) => b[1] - a[1]))
    console.log(`${(us / 1000).toFixed(1).padStart(9)}  ${key}`);

  // JavaScript self time by function, from the sampling profile (same clock as the trace).
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const frame = nodes.get(id);
    if (t < start.ts || t >= bannerTs || !frame.url) return;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  console.log(`\nJavaScript until ${until}, by function (self time, ms):`);
  for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(us / 1000).toFixed(1).padStart(9)}  ${key}`);
}
