/** Témoin's configuration: the categories this site asks about, and what withdrawal deletes. */
export const consentConfig = {
  revision: 1,
  privacyPolicyUrl: '/privacy',
  categories: {
    necessary: { required: true },
    performance: { cookies: ['_pk_*'], vendors: [{ name: 'Example Analytics' }] },
    'third-party': { vendors: [{ name: 'YouTube', privacyPolicyUrl: 'https://policies.google.com/privacy' }] },
  },
};
