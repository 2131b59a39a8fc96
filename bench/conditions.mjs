/**
 * The conditions a load runs under, applied through CDP to the measured page.
 *   mobile:      Lighthouse's mobile preset (slow 4G and a mid-range phone): 150 ms round trip,
 *                1.6 Mbit/s down (1638.4 kbit/s), 750 kbit/s up, CPU 4× slower. CDP adds the
 *                latency once per request (no connection set-up is modelled). The phone profile:
 *                the targets' figures are read under it unless they say otherwise.
 *   loopback:    no network emulation, CPU 4× slower: the library's own cost without the network.
 *   loopback-1x: no throttling at all: the main-thread time a library adds, in CPU milliseconds.
 *   mobile-network: the mobile network with the CPU not throttled; optional: on a busy machine it
 *                shows what the part scheme changes on the network (round trips, bytes) with four
 *                times less CPU work for the machine's noise to stretch.
 * `windowMs`: figures are read this long after navigation start. Each leaves a margin of several
 * times the slowest banner seen under it, so late timers and fetched parts fall inside.
 * `visits`: the kinds of visit measured on the article (see VISITS in measure.mjs). Without a
 * network, a returning visit with a cold cache runs the same code as one with a warm cache: it is
 * measured under mobile conditions only, where it costs the core's download. At 1×, the first
 * visit only: the main-thread time a library adds is a target there, the rest is the phone's.
 */
const kbitPerSecond = (kbit) => (kbit * 1024) / 8; // bytes per second, the unit CDP takes

const MOBILE_NETWORK = { offline: false, latency: 150, downloadThroughput: kbitPerSecond(1638.4), uploadThroughput: kbitPerSecond(750) };

export const CONDITIONS = {
  mobile: {
    cpu: 4,
    network: MOBILE_NETWORK,
    windowMs: 6000,
    visits: ['first', 'returning-cold', 'returning-warm', 'returning-hot'],
  },
  loopback: { cpu: 4, network: null, windowMs: 5000, visits: ['first', 'returning-warm', 'returning-hot'] },
  'loopback-1x': { cpu: 1, network: null, windowMs: 1500, visits: ['first'] },
  'mobile-network': { cpu: 1, network: MOBILE_NETWORK, windowMs: 4000, visits: ['first', 'returning-cold'] },
};

/** The article's conditions by default: the phone profile, and 1× for the main-thread time a library adds. */
export const DEFAULT_CONDITIONS = ['mobile', 'loopback-1x'];

/**
 * The condition of each other case. `many`: the phone's CPU on the loopback network, as its
 * thousands of released requests would measure the emulated network, not the library (CDP adds
 * the round trip to every one). `spa`: the phone profile (the network is idle during the work).
 */
export const CASE_CONDITIONS = { many: 'loopback', spa: 'mobile' };

/** Applies `condition` to the page behind `cdp`, before its measured navigation. */
export async function applyCondition(cdp, condition) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpu });
  if (condition.network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', condition.network);
  }
}
