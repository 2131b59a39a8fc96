/** `temoin export`: the ledger's entries on stdout, for an auditor, a visitor's request or a backup. */
import { once } from 'node:events';
import { UUID_V4 } from '../core/record';
import { openReader } from '../server/open-store';
import { chainStart, entryOfRow } from '../server/schema';
import { readLastPurge, readRows } from '../server/store';
import { UsageError, type Command } from './command';
import { CSV_HEADER, csvLine, ndjsonLine } from './export-format';
import { readArgs, STORE_HELP, STORE_OPTIONS, storeOptions, timeOption } from './ledger-options';

const help = `usage: temoin export [options]

Writes the ledger's entries on stdout in seq order.

  --from TIME        only entries received at or after this ISO 8601 date or time
  --to TIME          only entries received before it
  --id UUID          one consent id's whole history (a visitor's access request)
  --format FORMAT    ndjson (default): one {"seq", "receivedAt", "hash", "record"} object a line,
                     {"seq", "receivedAt", "hash", "purge"} for a purge; csv: a decision a row,
                     seq, receivedAt, id, method, revision, granted, refused, language, url, hash,
                     userAgent, model, jurisdiction, createdAt, updatedAt, gpc
${STORE_HELP}

It only reads the store, one snapshot of it: what a server appends meanwhile is left for the next.`;

export const exportCommand: Command = {
  summary: 'write the ledger entries as NDJSON or CSV',
  help,
  async run(args) {
    const values = readArgs(args, {
      ...STORE_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      id: { type: 'string' },
      format: { type: 'string', default: 'ndjson' },
    });
    const { format, id } = values;
    if (format !== 'ndjson' && format !== 'csv') throw new UsageError(`--format: expected ndjson or csv, got "${format}"`);
    if (id !== undefined && !UUID_V4.test(id)) throw new UsageError(`--id: expected a consent id (a UUID v4), got "${id}"`);
    const from = timeOption('from', values.from);
    const to = timeOption('to', values.to);
    const reader = await openReader(storeOptions(values.data));
    // The reader may go away before the end (`temoin export | head`): stdout is then destroyed,
    // and the export stops there, quietly.
    process.stdout.on('error', (problem: NodeJS.ErrnoException) => {
      if (problem.code !== 'EPIPE') throw problem;
    });
    try {
      await reader.snapshot(async (view) => {
        const line = format === 'csv' ? csvLine : ndjsonLine;
        if (format === 'csv') process.stdout.write(CSV_HEADER);
        // From the chain's start: entries a purge removed and has not finished deleting are not exported.
        const fromSeq = chainStart(await readLastPurge(view));
        for await (const row of readRows(view, { fromSeq, ...(from && { from }), ...(to && { to }), ...(id && { id }) })) {
          if (process.stdout.destroyed) break;
          if (!process.stdout.write(line(entryOfRow(row)))) await once(process.stdout, 'drain').catch(() => undefined);
        }
      });
      return 0;
    } finally {
      await reader.close();
    }
  },
};
