/**
 * Database drivers are optional peer dependencies: a site that only uses the browser bundle never
 * downloads one. The store that needs a driver loads it here, and a missing one is named with the
 * exact command that installs it.
 */

const isMissing = (problem: unknown, name: string): boolean =>
  problem instanceof Error &&
  (problem as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
  problem.message.includes(`'${name}'`);

/** `import(name)` through `load`, or one line saying what to install. */
export async function loadDriver<T>(name: string, install: string, purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (problem) {
    if (isMissing(problem, name)) throw new Error(`${purpose} needs the ${name} package: npm install ${install}`);
    throw new Error(`${purpose}: ${name} could not be loaded (${problem instanceof Error ? problem.message : String(problem)})`);
  }
}
