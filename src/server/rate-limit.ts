/**
 * At most `perMinute` posts a minute per client address, refused ones included (a client that
 * sends garbage in a loop is slowed down like any other). A window opens at an address's first
 * post and lasts a minute; windows that have ended are swept, so memory follows the addresses
 * seen in the last minute.
 */

const WINDOW_MS = 60_000;

export class RateLimit {
  readonly #perMinute: number;
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(perMinute: number) {
    this.#perMinute = perMinute;
    this.#sweeper = setInterval(() => {
      this.#sweep(Date.now());
    }, WINDOW_MS);
    this.#sweeper.unref();
  }

  /** Counts one post from `address`: 0 when it may go on, else the seconds until it may post again. */
  take(address: string, now = Date.now()): number {
    let window = this.#windows.get(address);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.#windows.set(address, window);
    }
    window.count += 1;
    return window.count <= this.#perMinute ? 0 : Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
  }

  #sweep(now: number): void {
    for (const [address, { start }] of this.#windows) if (now - start >= WINDOW_MS) this.#windows.delete(address);
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#windows.clear();
  }
}
