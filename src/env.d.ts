/** One top-level string of every locale file, by language (scripts/locale-labels.mjs). */
declare module 'temoin:labels/*' {
  const labels: Partial<Record<string, string>> & { en: string };
  export default labels;
}

declare module '*.css?inline' {
  const css: string;
  export default css;
}

/** This package's version, written in by the build (rollup.config.mjs) and the tests (vitest.config.ts). */
declare const TEMOIN_VERSION: string;

/** The texts at the listed dotted paths of every locale file, by language (scripts/locale-labels.mjs). */
declare module 'temoin:texts/*' {
  const texts: Partial<Record<string, import('./core/types').TranslationTree>>;
  export default texts;
}
