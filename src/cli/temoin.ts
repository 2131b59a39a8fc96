/**
 * `temoin`: the command-line entry point of the npm package. Each command's code (and the
 * optional engine it needs: a database driver, a browser driver) is loaded only when that
 * command runs. Exit status: 0 done, 1 the command's check failed, 2 usage or operational error,
 * always with one line on stderr saying what went wrong.
 */
import type { Command } from './command';

declare const TEMOIN_VERSION: string;

const COMMANDS: Record<string, () => Promise<Command>> = {
  install: () => import('./install').then((m) => m.default),
  serve: () => import('./serve').then((m) => m.serve),
  verify: () => import('./verify').then((m) => m.verify),
  export: () => import('./export').then((m) => m.exportCommand),
  purge: () => import('./purge').then((m) => m.purge),
  stats: () => import('./stats').then((m) => m.stats),
  scan: () => import('./scan').then((m) => m.default),
};

const usage = () =>
  Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(8)} ${(await load()).summary}`)).then(
    (lines) => `usage: temoin <command> [options]   (temoin <command> --help for its options)\n\n${lines.join('\n')}\n`,
  );

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${TEMOIN_VERSION}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await usage());
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`temoin: unknown command "${name}" (temoin --help lists them)\n`);
    return 2;
  }
  const command = await load();
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (problem) {
    // One line a shell script can rely on, never a stack trace.
    const message = problem instanceof Error ? problem.message : String(problem);
    process.stderr.write(`temoin ${name}: ${message.split('\n')[0] ?? ''}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (problem: unknown) => {
    process.stderr.write(`temoin: ${problem instanceof Error ? problem.message : String(problem)}\n`);
    process.exitCode = 2;
  },
);
