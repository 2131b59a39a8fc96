/** Options that the ledger's commands share: which store, and how arguments are read. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { StoreOptions } from '../server/open-store';
import { isoTime, TIME_EXPECTED } from '../server/stats';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

export const STORE_OPTIONS = {
  data: { type: 'string' },
} as const satisfies Options;

export const STORE_HELP = `  --data DIR         the embedded store's folder (default ./temoin-ledger)
  DATABASE_URL       (environment) a PostgreSQL database instead: postgres://user:password@host/db`;

/** node:util's complaint about arguments, as one short line. */
function usageLine(problem: NodeJS.ErrnoException): string {
  const quoted = /'([^']*)'/.exec(problem.message)?.[1] ?? '';
  if (problem.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${quoted}: unknown option (--help lists them)`;
  if (problem.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `"${quoted}": unexpected argument (--help lists the options)`;
  return (problem.message.split('\n')[0] ?? '').replace(/\.$/, '');
}

/**
 * Reads a command's arguments with node:util's `parseArgs` (strict: unknown options and stray
 * arguments are errors), its complaints turned into usage errors.
 */
export function readArgs<T extends Options>(args: string[], options: T): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true }>>['values'] {
  try {
    return parseArgs({ args, options, strict: true }).values;
  } catch (problem) {
    throw new UsageError(usageLine(problem as NodeJS.ErrnoException));
  }
}

/** The store named by `--data` or `DATABASE_URL`, never both. */
export function storeOptions(data: string | undefined): StoreOptions {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (data !== undefined && databaseUrl !== undefined) throw new UsageError('--data and DATABASE_URL both name a store: give one of them');
  if (data === '') throw new UsageError('--data: expected a folder');
  return databaseUrl !== undefined ? { databaseUrl } : data !== undefined ? { data } : {};
}

/** A whole number from `min` up, or a usage error naming the option. */
export function wholeNumber(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max)) throw new UsageError(`--${name}: expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got "${value}"`);
  return number;
}

/** An ISO 8601 date or time as the UTC form the ledger stores (`2026-11-22T00:00:00.000Z`), or a usage error naming the option. */
export function timeOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = isoTime(value);
  if (parsed === undefined) throw new UsageError(`--${name}: ${TIME_EXPECTED}, got "${value}"`);
  return parsed;
}
