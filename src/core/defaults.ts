import type { ResolvedConfig, ResolvedConfigShape, TemoinConfig } from './types';

/**
 * The built-in configuration: what runs with no configuration at all, and what every key falls
 * back to. A fresh copy each call, as callers may change theirs: written as a literal, which costs
 * a regular visitor's start far less than copying one through JSON.
 */
const builtIn = () => ({
  revision: 1,
  language: 'auto',
  privacyPolicyUrl: '/privacy',
  categories: {
    necessary: { required: true },
    performance: { cookies: ['_ga', '_ga_*', '_gid'] },
    advertising: {
      cookies: ['_fbp'],
      gpcOptOut: true,
      vendors: [{ name: 'Meta', privacyPolicyUrl: 'https://www.facebook.com/privacy/policy' }],
    },
    'third-party': {},
  },
  cookie: { name: 'temoin', expiresDays: 182, domain: '', path: '/', sameSite: 'Lax' },
  recordEndpoint: '',
  googleConsentMode: true,
  translations: {},
  reopenButton: 'auto',
  reloadOnWithdraw: true,
  nonce: '',
  regions: { '*': 'opt-in' },
}) satisfies ResolvedConfigShape;

/**
 * The built-in configuration, a fresh copy: one of the two sources of a ResolvedConfig. Its
 * literal is written once in the bundle (the minifier would copy it into each caller).
 */
export const defaultConfig = (): ResolvedConfig => /*#__NOINLINE__*/ builtIn() as unknown as ResolvedConfig;

/** Longest lifetime of the consent cookie: 13 months, the CNIL practice. */
export const MAX_EXPIRES_DAYS = 395;

/**
 * A configuration found valid, merged onto the defaults, with the consent cookie's lifetime capped
 * at 13 months. Unknown keys are left out. Only for input that passed the checks (or whose text
 * this browser has checked before): it does not check anything itself.
 */
export function resolve(input: TemoinConfig): ResolvedConfig {
  const defaults = defaultConfig();
  const config = Object.fromEntries(
    Object.entries(defaults).map(([key, value]) => [key, input[key as keyof TemoinConfig] ?? value]),
  ) as unknown as ResolvedConfig;
  config.cookie = { ...defaults.cookie, ...input.cookie };
  config.cookie.expiresDays = Math.min(config.cookie.expiresDays, MAX_EXPIRES_DAYS);
  return config;
}
