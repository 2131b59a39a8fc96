/**
 * The demo ledger's seeded history, so that the dashboard says something the first time: twelve
 * weeks of decisions up to yesterday (the range the dashboard shows first), from three regions
 * (the European Union, the United States, Québec), in English and French, with the
 * configuration's revision 2 published four weeks ago (it named a second advertising partner:
 * since then, more visitors refuse all, and fewer who customise grant advertising). The same
 * every time (a fixed seed), spread over each day's hours, weekends quieter. The insights
 * benchmark (bench/ledger-stats.mjs) takes a year of it, scaled up to a busy site's volume.
 */
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;
/** The demo's twelve weeks. */
const DAYS = 84;
/** The day revision 2 was published, counted back from today. */
const REVISION_2_DAYS_AGO = 28;
const HOURS = [8, 10, 12, 14, 17, 20];

/** Each region's share of visitors, its consent model, its languages and how its visitors choose. */
const REGIONS = [
  { jurisdiction: 'EU', model: 'opt-in', weight: 0.55, french: 0.6, methods: { 'accept-all': 0.55, 'reject-all': 0.3, custom: 0.15 } },
  { jurisdiction: 'US', model: 'opt-out', weight: 0.3, french: 0.05, methods: { 'accept-all': 0.7, 'reject-all': 0.2, custom: 0.1 } },
  { jurisdiction: 'CA-QC', model: 'opt-in', weight: 0.15, french: 0.8, methods: { 'accept-all': 0.5, 'reject-all': 0.35, custom: 0.15 } },
];
const OPTIONAL = ['performance', 'advertising', 'third-party'];

/** A small seeded generator (mulberry32): the same history on every machine. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (next, weights) => {
  let left = next();
  for (const [value, weight] of weights) if ((left -= weight) < 0) return value;
  return weights.at(-1)[0];
};

/** Decisions a day at `scale` 1, on average over a week: 6 slots of 4 to 8 on weekdays, 2 to 6 at weekends. */
export const DECISIONS_A_DAY = (5 * 6 * 6 + 2 * 6 * 4) / 7;

/**
 * The moments of the history (`backdate`'s input), one by one, for a ledger whose configuration is
 * at revision 2: the `days` before the day of `today`, with `scale` times as many decisions.
 */
export function* demoHistory(today = Date.now(), { days = DAYS, scale = 1 } = {}) {
  const next = random(20261122);
  const midnight = today - (today % DAY_MS);
  for (let daysAgo = days; daysAgo >= 1; daysAgo--) {
    const day = midnight - daysAgo * DAY_MS;
    const weekend = [0, 6].includes(new Date(day).getUTCDay());
    const revision = daysAgo > REVISION_2_DAYS_AGO ? 1 : 2;
    for (const hour of HOURS) {
      const count = Math.round(scale * ((weekend ? 2 : 4) + next() * 4));
      const receivedAt = new Date(day + hour * 3_600_000 + Math.floor(next() * 3_600_000)).toISOString();
      const records = Array.from({ length: count }, () => {
        const region = pick(next, REGIONS.map((r) => [r, r.weight]));
        const { 'accept-all': accept, 'reject-all': reject, custom } = region.methods;
        const shift = revision === 1 ? 0 : 0.08;
        const method = pick(next, [['accept-all', accept - shift], ['reject-all', reject + shift], ['custom', custom]]);
        const granted =
          method === 'accept-all'
            ? OPTIONAL
            : method === 'reject-all'
              ? []
              : OPTIONAL.filter((id) => next() < { performance: 0.7, advertising: revision === 1 ? 0.35 : 0.15, 'third-party': 0.5 }[id]);
        return {
          v: 1,
          id: randomUUID(),
          revision,
          granted: ['necessary', ...granted],
          refused: OPTIONAL.filter((id) => !granted.includes(id)),
          method,
          language: next() < region.french ? 'fr' : 'en',
          jurisdiction: region.jurisdiction,
          model: region.model,
          createdAt: receivedAt,
          updatedAt: receivedAt,
        };
      });
      yield { receivedAt, records };
    }
  }
}
