/**
 * When work runs, so that what the page needs now is not held up by what can wait: the rest of a
 * task for the browser's own input and painting, idle time for what no one waits for.
 */

interface Scheduler {
  yield?: () => Promise<void>;
}

/**
 * Gives the main thread back for a moment: pending input and rendering go first, then the
 * caller continues (`scheduler.yield()` keeps its place in line where it exists).
 */
export const nextTask = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resumed) => setTimeout(resumed));
};

/**
 * Resolves once what was changed before has been painted: the next frame, then a task. A hidden
 * page paints nothing (and runs no frames): it goes on after a task. A frame that never comes (a
 * page made hidden meanwhile) holds nothing up longer than 100 ms.
 */
export const afterPaint = (): Promise<void> =>
  new Promise((painted) => {
    const done = () => {
      setTimeout(painted);
    };
    if (document.hidden) done();
    else {
      requestAnimationFrame(done);
      setTimeout(painted, 100);
    }
  });

/**
 * Runs `work` once the page has loaded and the browser is idle (or after a second at most, as
 * `requestIdleCallback` may not exist, in Safari, or be starved).
 */
export function whenIdle(work: () => void): void {
  const idle = () => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 1000 });
    else setTimeout(work, 1);
  };
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}
