import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmitter } from '../../src/core/emitter';

interface Events {
  change: { granted: string[] };
  ready: null;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('events', () => {
  it('a throwing listener neither stops the others nor reaches the code that emitted', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const events = createEmitter<Events>();
    const heard: string[] = [];
    const failure = new Error('listener bug');
    events.on('change', () => heard.push('first'));
    events.on('change', () => {
      throw failure;
    });
    events.on('change', ({ granted }) => heard.push(`third ${granted.join()}`));
    expect(() => {
      events.emit('change', { granted: ['performance'] });
    }).not.toThrow();
    expect(heard).toEqual(['first', 'third performance']);
    expect(consoleError).toHaveBeenCalledWith(failure);
  });

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
