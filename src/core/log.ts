/** Console output, always prefixed so a site owner can filter it. */
const prefix = '[temoin] ';
const said = new Set<string>();

export const warn = (message: string): void => {
  console.warn(prefix + message);
};

export const error = (message: string): void => {
  console.error(prefix + message);
};

/** Warns once per page for a given message (unknown categories, disabled cookies). */
export const warnOnce = (message: string): void => {
  if (!said.has(message)) {
    said.add(message);
    warn(message);
  }
};

/**
 * Runs `effect`: a failure is a fault of Témoin's own or of the page around it, reported and
 * never thrown into the page, so that one failing effect never stops the others.
 */
export const attempt = (what: string, effect: () => void): void => {
  try {
    effect();
  } catch (problem) {
    error(`${what} failed: ${String(problem)}`);
  }
};
