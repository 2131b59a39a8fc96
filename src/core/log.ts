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
