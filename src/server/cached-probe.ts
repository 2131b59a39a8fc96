/**
 * `GET /health` from a probe of the store run at most once a second, one at a time: a monitor, a
 * load balancer or a flood of requests all read the same answer, and the store sees at most one
 * probe a second whatever the rate of health checks. Requests that arrive while a probe runs wait
 * for that one.
 */

const FRESH_MS = 1000;

interface Probe {
  startedAt: number;
  settled: boolean;
  ok: Promise<boolean>;
}

export class CachedProbe {
  readonly #probe: () => Promise<void>;
  #last: Probe | undefined;
  /** What the last probe found, so that stderr says when the store stops and starts taking writes, not every second. */
  #healthy = true;

  constructor(probe: () => Promise<void>) {
    this.#probe = probe;
  }

  /** Whether the store took writes at the last probe, probing again when that is a second old. */
  check(now = Date.now()): Promise<boolean> {
    const last = this.#last;
    if (last && (!last.settled || now - last.startedAt < FRESH_MS)) return last.ok;
    const probe: Probe = { startedAt: now, settled: false, ok: Promise.resolve(false) };
    probe.ok = this.#probe().then(
      () => this.#found(probe, true),
      (problem: unknown) => this.#found(probe, false, problem),
    );
    this.#last = probe;
    return probe.ok;
  }

  #found(probe: Probe, healthy: boolean, problem?: unknown): boolean {
    probe.settled = true;
    if (healthy !== this.#healthy)
      process.stderr.write(
        healthy
          ? 'temoin: health: the store takes writes again\n'
          : `temoin: health: the store does not take writes: ${problem instanceof Error ? problem.message : String(problem)}\n`,
      );
    this.#healthy = healthy;
    return healthy;
  }
}
