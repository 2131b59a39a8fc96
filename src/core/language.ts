/**
 * Picks the language to show. `auto`: the page's `<html lang>` (a bilingual site's French pages
 * speak French), then French for a visitor in Québec, then the language of the person's last
 * decision (their switcher choice), then the browser's languages, then English. Any regional
 * variant (`fr-BE`) matches its language; Québec French (`fr-CA`) is kept as such (see `regional`).
 */
export function resolveLanguage(setting: string, available: string[], decided = '', region = ''): string {
  const candidates =
    setting === 'auto'
      ? [document.documentElement.lang, region === 'CA-QC' ? 'fr' : '', decided, ...navigator.languages]
      : [setting];
  for (const candidate of candidates) {
    const code = candidate.toLowerCase();
    const match = available.find((a) => a.toLowerCase() === code) ?? available.find((a) => a === code.split('-')[0]);
    if (match) return regional(match, candidate, region);
  }
  return 'en';
}

/**
 * Québec French, with the Office québécois de la langue française's words (*témoins* for cookies),
 * where it is wanted: French asked for as `fr-CA`, or shown to a visitor in Québec.
 */
export const regional = (language: string, wanted: string, region: string): string =>
  language === 'fr' && (wanted.toLowerCase() === 'fr-ca' || region === 'CA-QC') ? 'fr-CA' : language;
