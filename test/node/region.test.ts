import { describe, expect, it } from 'vitest';
import { regionFromHeaders } from '../../src/server/region';

describe('regionFromHeaders: the visitor region from a CDN geolocation header', () => {
  it.each([
    ['Cloudflare', { 'cf-ipcountry': 'US', 'cf-region-code': 'CA' }, 'US-CA'],
    ['Cloudflare without the location transform', { 'cf-ipcountry': 'FR' }, 'FR'],
    ['Vercel', { 'x-vercel-ip-country': 'CA', 'x-vercel-ip-country-region': 'QC' }, 'CA-QC'],
    ['CloudFront', { 'cloudfront-viewer-country': 'US', 'cloudfront-viewer-country-region': 'TX' }, 'US-TX'],
    ['Akamai EdgeScape', { 'x-akamai-edgescape': 'georegion=246,country_code=US,region_code=CO,city=DENVER,lat=39.74' }, 'US-CO'],
    ['Fastly (VCL copying client.geo.*)', { 'client-geo-country': 'gb', 'client-geo-region': 'ENG' }, 'GB-ENG'],
    ['a subdivision written with its country', { 'x-vercel-ip-country': 'US', 'x-vercel-ip-country-region': 'US-OR' }, 'US-OR'],
  ])('%s', (_, headers, region) => {
    expect(regionFromHeaders(headers)).toBe(region);
    expect(regionFromHeaders(new Headers(headers))).toBe(region);
  });

  it('takes the first of repeated header values (Node gives arrays for some)', () => {
    expect(regionFromHeaders({ 'cf-ipcountry': ['DE', 'US'] })).toBe('DE');
  });

  it('keeps the country when the subdivision is unknown or malformed', () => {
    expect(regionFromHeaders({ 'client-geo-country': 'US', 'client-geo-region': 'NO REGION' })).toBe('US');
    expect(regionFromHeaders({ 'client-geo-country': 'US', 'client-geo-region': '?' })).toBe('US');
    expect(regionFromHeaders({ 'cf-ipcountry': 'US', 'cf-region-code': 'CALIF' })).toBe('US');
  });

  it.each(['XX', 'T1', 'A1', 'A2', 'EU', 'AP', 'ZZ', '**', 'USA', 'u', '', '  '])('"%s" is not a region: undefined', (code) => {
    expect(regionFromHeaders({ 'cf-ipcountry': code, 'cf-region-code': 'CA' })).toBeUndefined();
  });

  it('skips a CDN that does not know the country and reads the next one', () => {
    expect(regionFromHeaders({ 'cf-ipcountry': 'XX', 'cloudfront-viewer-country': 'NL' })).toBe('NL');
  });

  it('undefined without any geolocation header', () => {
    expect(regionFromHeaders({})).toBeUndefined();
    expect(regionFromHeaders(new Headers({ 'accept-language': 'fr-CA' }))).toBeUndefined();
  });
});
