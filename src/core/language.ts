/** Picks the language to show: `auto` tries `<html lang>`, then the browser's languages, then English. */
export function resolveLanguage(setting: string, available: string[]): string {
  const candidates =
    setting === 'auto' ? [document.documentElement.lang, ...navigator.languages] : [setting];
  for (const candidate of candidates) {
    const code = candidate.toLowerCase();
    const match = available.find((a) => a.toLowerCase() === code) ?? available.find((a) => a === code.split('-')[0]);
    if (match) return match;
  }
  return 'en';
}
