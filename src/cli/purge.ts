/** `temoin purge`: deletes entries past their retention, keeping the rest verifiable. */
import { openStore } from '../server/open-store';
import { UsageError, type Command } from './command';
import { readArgs, STORE_HELP, STORE_OPTIONS, storeOptions, wholeNumber } from './ledger-options';

const DAY_MS = 24 * 60 * 60 * 1000;

const help = `usage: temoin purge --older-than-days N [options]

Deletes the entries received more than N × 24 hours ago (0: all of them). The oldest entries go
first, so what remains is still one chain: the hash of the last purged entry starts it, and
temoin verify still passes. seq goes on from where it was.

  --older-than-days N   required
${STORE_HELP}`;

export const purge: Command = {
  summary: 'delete the entries received more than N days ago',
  help,
  async run(args) {
    const values = readArgs(args, { ...STORE_OPTIONS, 'older-than-days': { type: 'string' } });
    const days = values['older-than-days'];
    if (days === undefined) throw new UsageError('--older-than-days: required (0 deletes every entry)');
    const before = new Date(Date.now() - wholeNumber('older-than-days', days, 0, 100_000) * DAY_MS).toISOString();
    const store = await openStore(storeOptions(values.data), { create: false });
    try {
      const { count, chain } = await store.purge(before);
      process.stdout.write(
        count
          ? `purged ${count} entries received before ${before}, through seq ${chain.purgedSeq}; its hash ${chain.purgedHash} now starts the chain\n`
          : `nothing to purge: no entry received before ${before}\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
