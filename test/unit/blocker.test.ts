import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBlocker, type Blocker } from '../../src/core/blocker';

let blocker: Blocker | undefined;
afterEach(() => {
  blocker?.stop();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

const start = (granted: string[]) =>
  (blocker = createBlocker({
    known: () => true,
    granted: (id) => granted.includes(id),
    refused: (id) => !granted.includes(id),
    nonce: '',
    onBlockedIframe: () => undefined,
  }));

const image = (category: string, src: string) => {
  const img = document.createElement('img');
  img.dataset.category = category;
  img.dataset.src = src;
  document.body.append(img);
  return img;
};

describe('releasing tagged elements', () => {
  it('releases a granted image and keeps a refused one blocked', () => {
    const granted = image('performance', 'https://stats.example/p.gif');
    const refused = image('advertising', 'https://ads.example/p.gif');
    start(['performance']).refresh();
    expect(granted.getAttribute('src')).toBe('https://stats.example/p.gif');
    expect(refused.hasAttribute('src')).toBe(false);
    expect(blocker?.released).toEqual(new Set(['performance']));
  });

  it('an element that throws on release is reported, and the ones after it are still released', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = image('performance', 'https://stats.example/a.gif');
    // A page's own patch of the DOM that throws.
    broken.setAttribute = () => {
      throw new Error('patched');
    };
    const next = image('performance', 'https://stats.example/b.gif');
    expect(() => { start(['performance']).refresh(); }).not.toThrow();
    expect(next.getAttribute('src')).toBe('https://stats.example/b.gif');
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^\[temoin\] could not release <img data-category>: Error: patched$/));
  });
});
