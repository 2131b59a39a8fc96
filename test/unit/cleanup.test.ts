// @vitest-environment-options {"url": "https://shop.example.com/blog/post"}
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearCategory } from '../../src/core/cleanup';

const cookieNames = () => (document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]) : []).sort();

afterEach(() => {
  vi.restoreAllMocks();
  for (const name of cookieNames())
    for (const attributes of ['path=/', 'path=/blog', 'path=/blog/post', 'path=/; domain=example.com', 'path=/; domain=shop.example.com'])
      document.cookie = `${name}=; ${attributes}; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  localStorage.clear();
  sessionStorage.clear();
});

describe('withdrawal clean-up', () => {
  it('deletes the exact names and the prefix* patterns listed, nothing else', () => {
    for (const name of ['_ga', '_ga_ABC123', '_gid', '_gat', 'session', 'ga', '_g']) document.cookie = `${name}=1; path=/`;
    clearCategory({ cookies: ['_ga', '_ga_*', '_gid'] }, 'temoin');
    expect(cookieNames()).toEqual(['_g', '_gat', 'ga', 'session']);
  });

  it('deletes a cookie set on a parent domain or on this page\'s path', () => {
    document.cookie = '_fbp=1; path=/; domain=example.com';
    document.cookie = '_fbc=1; path=/; domain=shop.example.com';
    document.cookie = '_pin=1; path=/blog/post';
    document.cookie = 'keep=1; path=/; domain=example.com';
    expect(cookieNames()).toEqual(['_fbc', '_fbp', '_pin', 'keep']);
    clearCategory({ cookies: ['_fbp', '_fb*', '_pin'] }, 'temoin');
    expect(cookieNames()).toEqual(['keep']);
  });

  it('deletes a cookie a script set without a path, which the browser put on the page\'s folder', () => {
    document.cookie = '_hj=1; path=/blog';
    clearCategory({ cookies: ['_hj'] }, 'temoin');
    expect(cookieNames()).toEqual([]);
  });

  it('never deletes the consent cookie, even for a pattern that matches it', () => {
    document.cookie = 'temoin=1~x; path=/';
    document.cookie = '_ga=1; path=/';
    clearCategory({ cookies: ['*', 'temoin'] }, 'temoin');
    expect(cookieNames()).toEqual(['temoin']);
  });

  it('removes the storage keys listed, exact or prefix*, from both localStorage and sessionStorage', () => {
    for (const store of [localStorage, sessionStorage])
      for (const key of ['plausible_ignore', 'plausible_user', 'amp_123', 'amp', 'cart']) store.setItem(key, '1');
    clearCategory({ storage: ['plausible_*', 'amp'] }, 'temoin');
    for (const store of [localStorage, sessionStorage]) expect(Object.keys(store).sort()).toEqual(['amp_123', 'cart']);
  });

  it('does nothing for a category that lists nothing', () => {
    document.cookie = '_ga=1; path=/';
    localStorage.setItem('_ga', '1');
    clearCategory({}, 'temoin');
    clearCategory({ cookies: [], storage: [] }, 'temoin');
    expect(cookieNames()).toEqual(['_ga']);
    expect(localStorage.getItem('_ga')).toBe('1');
  });

  it('still deletes cookies when web storage is disabled (it throws on access)', () => {
    document.cookie = '_ga=1; path=/';
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(() => {
      clearCategory({ cookies: ['_ga'], storage: ['_ga'] }, 'temoin');
    }).not.toThrow();
    expect(cookieNames()).toEqual([]);
  });
});
