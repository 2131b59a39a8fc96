/**
 * A typed event emitter on the platform's EventTarget: a throwing listener is reported like any
 * uncaught error but never stops the others or reaches the code that emitted.
 */
export interface Emitter<Events> {
  on: <E extends keyof Events>(event: E, listener: (detail: Events[E]) => void) => () => void;
  emit: <E extends keyof Events>(event: E, detail: Events[E]) => void;
  /** Drops every listener. */
  clear: () => void;
}

export function createEmitter<Events>(): Emitter<Events> {
  let target = new EventTarget();
  return {
    on: (event, listener) => {
      const handler = (e: Event) => {
        listener((e as CustomEvent<Events[typeof event]>).detail);
      };
      target.addEventListener(event as string, handler);
      return () => {
        target.removeEventListener(event as string, handler);
      };
    },
    emit: (event, detail) => target.dispatchEvent(new CustomEvent(event as string, { detail })),
    clear: () => {
      target = new EventTarget();
    },
  };
}
