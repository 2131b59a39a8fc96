import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBlocker, type Blocker } from '../../src/core/blocker';

let blocker: Blocker | undefined;
afterEach(() => {
  blocker?.stop();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

/** Watches the page, `granted` allowed and the rest refused; resolves once what is there has been looked at. */
const start = async (granted: string[], onBlockedIframe = () => undefined) => {
  blocker = createBlocker({
    known: (id) => id !== 'unknown',
    allowed: (id) => granted.includes(id),
    refused: (id) => !granted.includes(id),
    nonce: '',
    onBlockedIframe,
  });
  await blocker.releaseAll();
  return blocker;
};

const tagged = <Tag extends 'img' | 'iframe' | 'video' | 'script'>(tag: Tag, category: string, attributes: Record<string, string> = {}) => {
  const element = document.createElement(tag);
  element.setAttribute('data-category', category);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
};
const image = (category: string, src: string) => tagged('img', category, { 'data-src': src });

describe('releasing tagged elements', () => {
  it('releases a granted image and keeps a refused one blocked', async () => {
    const granted = image('performance', 'https://stats.example/p.gif');
    const refused = image('advertising', 'https://ads.example/p.gif');
    await start(['performance']);
    expect(granted.getAttribute('src')).toBe('https://stats.example/p.gif');
    expect(refused.hasAttribute('src')).toBe(false);
    expect(blocker?.released).toEqual(new Set(['performance']));
  });

  it("holds back a video's poster with data-poster, and releases it with the video", async () => {
    const video = tagged('video', 'third-party', { 'data-src': 'https://video.example/v.mp4', 'data-poster': 'https://video.example/p.jpg' });
    const held = tagged('video', 'advertising', { 'data-src': 'https://ads.example/v.mp4', 'data-poster': 'https://ads.example/p.jpg' });
    await start(['third-party']);
    expect(video.getAttribute('poster')).toBe('https://video.example/p.jpg');
    expect(held.hasAttribute('poster')).toBe(false);
  });

  it('says when a tagged image, frame or video is already live (an address outside data-src), naming it, once', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    tagged('img', 'advertising', { src: 'https://ads.example/live.gif' });
    tagged('iframe', 'third-party', { src: 'data:text/html,embed' });
    // A stand-in address beside data-src is not live.
    tagged('img', 'advertising', { src: 'data:,', 'data-src': 'https://ads.example/held.gif' });
    await start([]);
    await blocker?.releaseAll();
    expect(warnings.mock.calls.map(([message]) => String(message))).toEqual([
      '[temoin] <img> https://ads.example/live.gif is tagged data-category but ran or loaded before consent: move its address to data-src',
      '[temoin] <iframe> data:text/html,embed is tagged data-category but ran or loaded before consent: move its address to data-src',
    ]);
  });

  it('looks only at what is added: elements added later are released when allowed, in slices that leave the main thread', async () => {
    await start(['performance']);
    const container = document.createElement('div');
    const images = Array.from({ length: 300 }, (_, i) => {
      const img = document.createElement('img');
      img.setAttribute('data-category', i % 2 ? 'performance' : 'advertising');
      img.setAttribute('data-src', `https://stats.example/${i}.gif`);
      container.append(img);
      return img;
    });
    const query = vi.spyOn(document, 'querySelectorAll');
    document.body.append(container);
    await vi.waitFor(() => {
      expect(images.filter((img) => img.hasAttribute('src'))).toHaveLength(150);
    });
    // The whole document is never queried for an addition: only what was added is.
    expect(query).not.toHaveBeenCalled();
  });

  it('makes a released frame in a task of its own, apart from the releases before and after it', async () => {
    const urls = ['https://stats.example/1.gif', 'data:text/html,embed', 'https://stats.example/2.gif'];
    tagged('img', 'third-party', { 'data-src': urls[0] ?? '' });
    tagged('iframe', 'third-party', { 'data-src': urls[1] ?? '' });
    tagged('img', 'third-party', { 'data-src': urls[2] ?? '' });
    // Counts the tasks that pass while the blocker works, and notes the task each address goes live in.
    let task = 0;
    let counting = true;
    const tick = () => {
      task++;
      if (counting) setTimeout(tick);
    };
    setTimeout(tick);
    const liveIn: Record<string, number> = {};
    const note = (node: Node) => {
      const src = node instanceof Element ? node.getAttribute('src') : null;
      if (src) liveIn[src] ??= task;
    };
    const observer = new MutationObserver((records) => {
      for (const record of records) [record.target, ...record.addedNodes].forEach(note);
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['src'], childList: true, subtree: true });
    await start(['third-party']);
    await Promise.resolve();
    counting = false;
    observer.disconnect();
    const [before = -1, frame = -1, after = -1] = urls.map((url) => liveIn[url] ?? -1);
    expect(before).toBeGreaterThanOrEqual(0);
    expect(frame).toBeGreaterThan(before);
    expect(after).toBeGreaterThan(frame);
  });

  it('an element that throws on release is reported, and the ones after it are still released', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = image('performance', 'https://stats.example/a.gif');
    // A page's own patch of the DOM that throws.
    broken.setAttribute = () => {
      throw new Error('patched');
    };
    const next = image('performance', 'https://stats.example/b.gif');
    await expect(start(['performance'])).resolves.toBeDefined();
    expect(next.getAttribute('src')).toBe('https://stats.example/b.gif');
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^\[temoin\] could not release <img data-category>: Error: patched$/));
  });
});
