/** Témoin's configuration: the categories this site asks about, and what withdrawal deletes. */
export const consentConfig = {
  revision: 1,
  privacyPolicyUrl: '/privacy',
  // Opt-in in the EU and wherever the region is unknown; the layout writes the visitor's region.
  regions: { EU: 'opt-in', US: 'opt-out', '*': 'opt-in' },
  categories: {
    necessary: { required: true },
    performance: { cookies: ['_pk_*'], vendors: [{ name: 'Example Analytics' }] },
    'third-party': { vendors: [{ name: 'YouTube', privacyPolicyUrl: 'https://policies.google.com/privacy' }] },
  },
};
