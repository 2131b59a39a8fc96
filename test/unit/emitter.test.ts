import { describe, expect, it } from 'vitest';
import { createEmitter } from '../../src/core/emitter';

interface Events {
  change: { granted: string[] };
  ready: null;
}

// A throwing listener is tested in Chromium (test/browser/core.test.mjs): happy-dom's
// dispatchEvent rethrows where browsers report the error and call the other listeners.
describe('events', () => {
  it('calls listeners in the order they subscribed, for their event only', () => {
    const events = createEmitter<Events>();
    const heard: string[] = [];
    events.on('ready', () => heard.push('ready'));
    events.on('change', () => heard.push('change 1'));
    events.on('change', () => heard.push('change 2'));
    events.emit('change', { granted: [] });
    expect(heard).toEqual(['change 1', 'change 2']);
  });

  it('stops calling a listener once unsubscribed, even from within its own call', () => {
    const events = createEmitter<Events>();
    const heard: string[] = [];
    const off = events.on('change', () => {
      heard.push('once');
      off();
    });
    events.on('change', () => heard.push('always'));
    events.emit('change', { granted: [] });
    events.emit('change', { granted: [] });
    expect(heard).toEqual(['once', 'always', 'always']);
  });

  it('emits to nobody without complaint', () => {
    expect(() => {
      createEmitter<Events>().emit('ready', null);
    }).not.toThrow();
  });
});
