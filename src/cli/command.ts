/** What every `temoin` sub-command is, and the one error that means "you called it wrong". */

export interface Command {
  /** One line for `temoin --help`. */
  summary: string;
  /** The whole text of `temoin <command> --help`. */
  help: string;
  /**
   * Runs with the arguments that follow the command's name and resolves to the exit status:
   * 0 done, 1 the check the command makes failed (a broken chain, a leak), 2 a usage or
   * operational error (thrown, so that the entry point prints it in one line).
   */
  run: (args: string[]) => Promise<number>;
}

/** Bad arguments: printed as one line after the command's name, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
