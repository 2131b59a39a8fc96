/**
 * At most `perMinute` posts a minute per client, refused ones included (a client that sends
 * garbage in a loop is slowed down like any other). A window opens at a client's first post and
 * lasts a minute.
 *
 * The clients remembered are bounded, in two generations: new and active clients go into the
 * recent one; when it holds half the capacity, it becomes the older one and the previous older
 * one is forgotten whole. A client heard from again is moved back to the recent generation, so
 * only those not heard from for two generations are forgotten. Every step is constant time (a Map
 * used as a queue is not: deleting from its front leaves holes that later walks step over), and a
 * flood of new addresses costs a fixed amount of memory.
 */

const WINDOW_MS = 60_000;
/**
 * Clients remembered at most: more than a busy site sees in a minute (a few hundred decisions a
 * second at its peak), about 10 MB.
 */
export const RATE_LIMIT_CAPACITY = 100_000;

interface Window {
  start: number;
  count: number;
}

export class RateLimit {
  readonly #perMinute: number;
  readonly #generation: number;
  #recent = new Map<string, Window>();
  #older = new Map<string, Window>();

  constructor(perMinute: number, capacity = RATE_LIMIT_CAPACITY) {
    this.#perMinute = perMinute;
    this.#generation = Math.max(1, Math.floor(capacity / 2));
  }

  /** Counts one post from `client`: 0 when it may go on, else the seconds until it may post again. */
  take(client: string, now = Date.now()): number {
    let window = this.#recent.get(client);
    if (!window) {
      window = this.#older.get(client);
      this.#older.delete(client);
      if (this.#recent.size >= this.#generation) {
        this.#older = this.#recent;
        this.#recent = new Map();
      }
      window ??= { start: now, count: 0 };
      this.#recent.set(client, window);
    }
    if (now - window.start >= WINDOW_MS) {
      window.start = now;
      window.count = 0;
    }
    window.count += 1;
    return window.count <= this.#perMinute ? 0 : Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
  }

  /** Clients remembered now. */
  get size(): number {
    return this.#recent.size + this.#older.size;
  }

  close(): void {
    this.#recent.clear();
    this.#older.clear();
  }
}
