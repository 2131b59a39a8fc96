/**
 * The conditions a load runs under, applied through CDP to the measured page.
 *   mobile:      Lighthouse's mobile preset (slow 4G and a mid-range phone): 150 ms round trip,
 *                1.6 Mbit/s down (1638.4 kbit/s), 750 kbit/s up, CPU 4× slower. CDP adds the
 *                latency once per request (no connection set-up is modelled).
 *   loopback:    no network emulation, CPU 4× slower: the library's own cost without the network
 *                (the figures the README gave before mobile conditions were added).
 *   loopback-1x: no throttling at all; optional, as its ratios follow the 4× ones and its
 *                few milliseconds are closer to the sampling noise.
 *   mobile-network: the mobile network with the CPU not throttled; optional: on a busy machine it
 *                shows what the part scheme changes on the network (round trips, bytes) with four
 *                times less CPU work for the machine's noise to stretch.
 * `windowMs`: figures are read this long after navigation start. Each leaves a margin of several
 * times the slowest banner seen under it, so late timers and fetched parts fall inside.
 * `visits`: the kinds of visit measured (see VISITS in measure.mjs). Without a network, a
 * returning visit with a cold cache runs the same code as one with a warm cache: it is measured
 * under mobile conditions only, where it costs the core's download.
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
  'loopback-1x': { cpu: 1, network: null, windowMs: 1500, visits: ['first', 'returning-warm', 'returning-hot'] },
  'mobile-network': { cpu: 1, network: MOBILE_NETWORK, windowMs: 4000, visits: ['first', 'returning-cold'] },
};

export const DEFAULT_CONDITIONS = ['mobile', 'loopback'];

/** Applies `condition` to the page behind `cdp`, before its measured navigation. */
export async function applyCondition(cdp, condition) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpu });
  if (condition.network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', condition.network);
  }
}
