/** One top-level string of every locale file, by language (scripts/locale-labels.mjs). */
declare module 'temoin:labels/*' {
  const labels: Partial<Record<string, string>> & { en: string };
  export default labels;
}

declare module '*.css?inline' {
  const css: string;
  export default css;
}
