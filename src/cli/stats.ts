/** `temoin stats`: how many decisions accept, refuse or customise, and grant each category, by day, week, region, language, revision or model. */
import { openReader } from '../server/open-store';
import { GROUPINGS, readStats, type Grouping } from '../server/stats';
import { UsageError, type Command } from './command';
import { readArgs, STORE_HELP, STORE_OPTIONS, storeOptions, timeOption } from './ledger-options';
import { statsCsv, statsTable } from './stats-format';

const FORMATS = ['table', 'json', 'csv'] as const;

const help = `usage: temoin stats [--from TIME] [--to TIME] [--by ${GROUPINGS.join('|')}] [--format ${FORMATS.join('|')}] [options]

Counts the decisions the ledger holds: how many accept all, reject all or customise, and how many
grant each category, by group. A decision is one entry (someone who changes their mind counts
twice), not a visitor. By jurisdiction, language, revision or model, groups of fewer than 5
decisions are merged into one, "other". Nothing of a visitor (consent id, page, browser, address)
is read.

  --from TIME        only decisions received at or after this ISO 8601 date or time
  --to TIME          only decisions received before it
  --by GROUP         day (default; UTC), week (ISO weeks, Monday first), jurisdiction, language,
                     revision or model
  --format FORMAT    table (default), json {"from", "to", "by", "total", "groups": [{"key",
                     "decisions", "acceptAll", "rejectAll", "custom", "granted": {"<id>": n}}]},
                     or csv: key, decisions, acceptAll, rejectAll, custom, granted:<id>…
${STORE_HELP}

It only reads the store, one snapshot of it, and runs while a server writes.`;

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export const stats: Command = {
  summary: 'count the decisions: accept, refuse, customise, each category, by day, region, language…',
  help,
  async run(args) {
    const values = readArgs(args, {
      ...STORE_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string', default: 'day' },
      format: { type: 'string', default: 'table' },
    });
    const { by, format } = values;
    if (!isOneOf<Grouping>(GROUPINGS, by)) throw new UsageError(`--by: expected one of ${GROUPINGS.join(', ')}, got "${by}"`);
    if (!isOneOf(FORMATS, format)) throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got "${format}"`);
    const from = timeOption('from', values.from);
    const to = timeOption('to', values.to);
    const reader = await openReader(storeOptions(values.data));
    const counted = await reader.snapshot((view) => readStats(view, { from, to, by })).finally(() => reader.close());
    process.stdout.write(format === 'json' ? `${JSON.stringify(counted, null, 2)}\n` : format === 'csv' ? statsCsv(counted) : statsTable(counted));
    return 0;
  },
};
