/**
 * Picks the language to show. `auto`: the page's `<html lang>` (a bilingual site's French pages
 * speak French), then the language of the person's last decision (their switcher choice), then
 * the browser's languages, then English. Any regional variant (`fr-CA`) matches its language.
 */
export function resolveLanguage(setting: string, available: string[], decided?: string): string {
  const candidates =
    setting === 'auto' ? [document.documentElement.lang, decided ?? '', ...navigator.languages] : [setting];
  for (const candidate of candidates) {
    const code = candidate.toLowerCase();
    const match = available.find((a) => a.toLowerCase() === code) ?? available.find((a) => a === code.split('-')[0]);
    if (match) return match;
  }
  return 'en';
}
