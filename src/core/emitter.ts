/** A minimal typed event emitter; a throwing listener never stops the others or reaches the caller. */
export interface Emitter<Events> {
  on: <E extends keyof Events>(event: E, listener: (detail: Events[E]) => void) => () => void;
  emit: <E extends keyof Events>(event: E, detail: Events[E]) => void;
}

export function createEmitter<Events>(): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<(detail: never) => void>>();
  return {
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    emit: (event, detail) => {
      for (const listener of listeners.get(event) ?? [])
        try {
          (listener as (d: typeof detail) => void)(detail);
        } catch (e) {
          console.error(e);
        }
    },
  };
}
