import type { ResolvedConfig } from './types';


/**
 * The built-in configuration: what runs with no configuration at all, and what every key falls
 * back to. A fresh object each call: callers may change theirs.
 */
export const defaultConfig = (): ResolvedConfig => ({
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
  reopenButton: true,
  reloadOnWithdraw: true,
  nonce: '',
  regions: { '*': 'opt-in' },
}) as unknown as ResolvedConfig;

/** Longest lifetime of the consent cookie: 13 months, the CNIL practice. */
export const MAX_EXPIRES_DAYS = 395;
