import { describe, expect, it } from 'vitest';
import { EU_AND_EEA, jurisdictionOf, pageRegion, strictness } from '../../src/core/regions';

describe('EU and EEA', () => {
  it('are the 27 EU member states and Iceland, Liechtenstein and Norway, once each', () => {
    const eu = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
    expect(eu).toHaveLength(27);
    expect([...EU_AND_EEA].sort()).toEqual([...eu, 'IS', 'LI', 'NO'].sort());
    // Not members: the United Kingdom since 2020, Switzerland (EFTA, not EEA).
    for (const outside of ['GB', 'UK', 'CH']) expect(EU_AND_EEA).not.toContain(outside);
  });
});

describe('the regions entry for a visitor', () => {
  const regions = { EU: 'opt-in', GB: 'opt-in', 'CA-QC': 'opt-in', US: 'opt-out', 'US-TX': 'notice', CA: 'notice', '*': 'notice' } as const;

  it('is the most specific key: subdivision, then country, then EU, then *', () => {
    expect(jurisdictionOf(regions, 'US-TX')).toEqual({ key: 'US-TX', model: 'notice' });
    expect(jurisdictionOf(regions, 'US-CA')).toEqual({ key: 'US', model: 'opt-out' });
    expect(jurisdictionOf(regions, 'US')).toEqual({ key: 'US', model: 'opt-out' });
    expect(jurisdictionOf(regions, 'CA-QC')).toEqual({ key: 'CA-QC', model: 'opt-in' });
    expect(jurisdictionOf(regions, 'CA-ON')).toEqual({ key: 'CA', model: 'notice' });
    expect(jurisdictionOf(regions, 'FR')).toEqual({ key: 'EU', model: 'opt-in' });
    expect(jurisdictionOf(regions, 'DE-BY')).toEqual({ key: 'EU', model: 'opt-in' });
    expect(jurisdictionOf(regions, 'NO')).toEqual({ key: 'EU', model: 'opt-in' });
    expect(jurisdictionOf(regions, 'JP')).toEqual({ key: '*', model: 'notice' });
  });

  it('prefers a country key to EU', () => {
    expect(jurisdictionOf({ EU: 'opt-in', DE: 'notice' }, 'DE')).toEqual({ key: 'DE', model: 'notice' });
  });

  it('reads UK as GB, in keys and in regions', () => {
    expect(jurisdictionOf({ UK: 'opt-in', '*': 'notice' }, 'GB')).toEqual({ key: 'UK', model: 'opt-in' });
    expect(jurisdictionOf({ GB: 'opt-in', '*': 'notice' }, 'UK-ENG')).toEqual({ key: 'GB', model: 'opt-in' });
  });

  it('gives the * entry for a missing or malformed region, and opt-in without one', () => {
    for (const region of ['', 'us-ca', 'USA', 'U', 'US-CALI', 'XX-']) expect(jurisdictionOf(regions, region)).toEqual({ key: '*', model: 'notice' });
    expect(jurisdictionOf({ US: 'opt-out' }, 'FR')).toEqual({ key: '*', model: 'opt-in' });
    expect(jurisdictionOf({}, 'US-CA')).toEqual({ key: '*', model: 'opt-in' });
  });

  it('orders the models from the least strict to the strictest', () => {
    expect(strictness('notice')).toBeLessThan(strictness('opt-out'));
    expect(strictness('opt-out')).toBeLessThan(strictness('opt-in'));
  });
});

describe('the region the page states', () => {
  it('is data-region on the script tag, else the temoin-region meta tag, in capitals', () => {
    const meta = document.createElement('meta');
    meta.name = 'temoin-region';
    meta.content = 'us-ca';
    document.head.append(meta);
    expect(pageRegion()).toBe('US-CA');
    const script = document.createElement('script');
    script.setAttribute('data-region', ' CA-QC ');
    expect(pageRegion(script)).toBe('CA-QC');
    meta.remove();
    expect(pageRegion()).toBe('');
  });
});
