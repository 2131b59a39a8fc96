import type { ResolvedConfig } from './types';

/** The built-in configuration (INTERFACE.md section 3). A fresh object each call: callers may not share it. */
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
});

/** Longest lifetime of the consent cookie: 13 months, the CNIL practice. */
export const MAX_EXPIRES_DAYS = 395;
