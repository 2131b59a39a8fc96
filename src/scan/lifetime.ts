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

/** How long a cookie seen at `seenAt` lives: "session", or its expiry rounded to the largest sensible unit. */
export function observedLifetime(expires: string | null, seenAt: string, language: Language): string {
  if (expires === null) return SESSION[language];
  const seconds = Math.max(0, (Date.parse(expires) - Date.parse(seenAt)) / 1000);
  const steps: [Unit, number][] = [
    ['Y', 365 * 86400],
    ['M', 30 * 86400],
    ['D', 86400],
    ['H', 3600],
    ['MIN', 60],
  ];
  for (const [unit, size] of steps) if (seconds >= size * (unit === 'Y' || unit === 'M' ? 0.95 : 1)) return words(Math.round(seconds / size), unit, language);
  return words(Math.round(seconds), 'S', language);
}
