/** Lifetimes in words, English and French: the catalogue's ISO 8601 durations, and those the scan observed. */

export type Language = 'en' | 'fr';

const UNITS = {
  Y: { en: ['year', 'years'], fr: ['an', 'ans'] },
  M: { en: ['month', 'months'], fr: ['mois', 'mois'] },
  W: { en: ['week', 'weeks'], fr: ['semaine', 'semaines'] },
  D: { en: ['day', 'days'], fr: ['jour', 'jours'] },
  H: { en: ['hour', 'hours'], fr: ['heure', 'heures'] },
  MIN: { en: ['minute', 'minutes'], fr: ['minute', 'minutes'] },
  S: { en: ['second', 'seconds'], fr: ['seconde', 'secondes'] },
} as const;

type Unit = keyof typeof UNITS;

const SESSION = { en: 'session (until the browser closes)', fr: 'session (jusqu’à la fermeture du navigateur)' };

const words = (amount: number, unit: Unit, language: Language): string =>
  `${amount} ${UNITS[unit][language][amount === 1 ? 0 : 1]}`;

/** An ISO 8601 duration with one or more parts (`P2Y`, `P1Y6M`, `PT30M`) matches this. */
export const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** `P2Y` → "2 years" / "2 ans"; `session` → "session (…)". Throws on anything else (the catalogue's tests rely on it). */
export function lifetimeInWords(lifetime: string, language: Language): string {
  if (lifetime === 'session') return SESSION[language];
  const match = ISO_DURATION.exec(lifetime);
  if (!match || lifetime === 'P' || lifetime.endsWith('T')) throw new Error(`not an ISO 8601 duration: ${lifetime}`);
  const units: Unit[] = ['Y', 'M', 'W', 'D', 'H', 'MIN', 'S'];
  const parts = units.flatMap((unit, i) => (match[i + 1] ? [words(Number(match[i + 1]), unit, language)] : []));
  return parts.join(language === 'en' ? ' and ' : ' et ');
}

const DAY = 86400;

/**
 * The units an observed lifetime is rounded to, largest first, and the least it takes to count as
 * one: a year or a month a little short still counts (the scan sees a cookie a while after it was set).
 */
const ROUNDING: { unit: Unit; size: number; from: number }[] = [
  { unit: 'Y', size: 365 * DAY, from: 0.95 * 365 * DAY },
  { unit: 'M', size: 30 * DAY, from: 0.95 * 30 * DAY },
  { unit: 'D', size: DAY, from: DAY },
  { unit: 'H', size: 3600, from: 3600 },
  { unit: 'MIN', size: 60, from: 60 },
];

/** How long a cookie seen at `seenAt` lives: "session", or its expiry rounded to the largest unit it reaches. */
export function observedLifetime(expires: string | null, seenAt: string, language: Language): string {
  if (expires === null) return SESSION[language];
  const seconds = Math.max(0, (Date.parse(expires) - Date.parse(seenAt)) / 1000);
  const rounding = ROUNDING.find(({ from }) => seconds >= from);
  return rounding ? words(Math.round(seconds / rounding.size), rounding.unit, language) : words(Math.round(seconds), 'S', language);
}
