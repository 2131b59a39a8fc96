import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeRecord } from '../../src/core/record-codec';
import { confirmDecision } from '../../src/core/cookie-writer';
import { cookieValues, readDecisions } from '../../src/core/repository';
import type { ConsentRecord } from '../../src/core/types';

/** The records of the consent cookies that decode exactly (which of them counts is the consent state's to say). */
const readRecords = (name: string) => readDecisions(name).map((decision) => decision.record);
/** The one record read, or null. */
const readRecord = (name: string) => {
  const [record, ...more] = readRecords(name);
  expect(more).toEqual([]);
  return record ?? null;
};

const record = (updatedAt: string, granted: string[]): ConsentRecord => ({
  v: 1,
  id: '7d0f1c2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f',
  revision: 2,
  granted,
  refused: ['necessary', 'performance', 'advertising'].filter((id) => !granted.includes(id)),
  method: 'custom',
  language: 'en',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt,
  jurisdiction: '*',
  model: 'opt-in',
});

const older = record('2026-03-01T12:00:00.000Z', ['necessary']);
const newer = record('2026-03-02T08:00:00.000Z', ['necessary', 'performance']);

/** What document.cookie gives when the browser sends several cookies, some of the same name (other paths or domains). */
const cookieHeader = (...pairs: string[]) => {
  vi.spyOn(document, 'cookie', 'get').mockReturnValue(pairs.join('; '));
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reading the consent cookie', () => {
  it('is null when there is none', () => {
    cookieHeader('session=abc', '_ga=GA1.1.1');
    expect(readRecord('temoin')).toBeNull();
    cookieHeader();
    expect(readRecord('temoin')).toBeNull();
  });

  it('reads every consent cookie of that name, in the order the browser gives them', () => {
    cookieHeader(`temoin=${encodeRecord(older)}`, 'x=1', `temoin=${encodeRecord(newer)}`);
    expect(readRecords('temoin')).toEqual([older, newer]);
  });

  it('ignores garbage, truncated and other-version values beside a valid one', () => {
    const valid = encodeRecord(older);
    cookieHeader('temoin=', 'temoin=garbage', `temoin=${valid.slice(0, 40)}`, `temoin=3${valid.slice(1)}`, 'temoin', `temoin=${valid}`);
    expect(readRecords('temoin')).toEqual([older]);
    cookieHeader('temoin=garbage', `temoin=${valid}~`, `temoin=${valid.toUpperCase()}`);
    expect(readRecord('temoin')).toBeNull();
  });

  it('reads only the cookie of that exact name', () => {
    const valid = encodeRecord(newer);
    cookieHeader(`temoin2=${valid}`, `xtemoin=${valid}`, `my_consent=${encodeRecord(older)}`);
    expect(readRecord('temoin')).toBeNull();
    expect(readRecord('my_consent')).toEqual(older);
    expect(cookieValues('temoin2')).toEqual([valid]);
  });

  it('once a decision is written, removes the consent cookies of the same name set elsewhere (a parent domain, another path), keeping its own', () => {
    const page = location.href;
    (window as unknown as { happyDOM: { setURL: (url: string) => void } }).happyDOM.setURL('http://www.example.test/shop/cart');
    const settings = { name: 'temoin', expiresDays: 182, domain: '', path: '/', sameSite: 'Lax' as const };
    const decidedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const value = encodeRecord({ ...newer, updatedAt: decidedAt });
    document.cookie = `temoin=${encodeRecord(older)}; path=/; domain=example.test`;
    document.cookie = `temoin=${encodeRecord(older)}; path=/shop`;
    document.cookie = `temoin=${value}; path=/`;
    expect(cookieValues('temoin')).toHaveLength(3);
    confirmDecision(settings, value, decidedAt);
    expect(cookieValues('temoin')).toEqual([value]);
    document.cookie = 'temoin=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    (window as unknown as { happyDOM: { setURL: (url: string) => void } }).happyDOM.setURL(page);
  });

  it('reads the real document.cookie', () => {
    document.cookie = `temoin=${encodeRecord(newer)}; path=/`;
    expect(readRecord('temoin')).toEqual(newer);
    document.cookie = 'temoin=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    expect(readRecord('temoin')).toBeNull();
  });
});
