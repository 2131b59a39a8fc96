/** `temoin purge`: deletes entries past their retention, keeping the rest verifiable. */
import { purgeLedger } from '../server/purge';
import { UsageError, type Command } from './command';
import { readArgs, STORE_HELP, STORE_OPTIONS, storeOptions, wholeNumber } from './ledger-options';

const DAY_MS = 24 * 60 * 60 * 1000;

const help = `usage: temoin purge --older-than-days N [options]

Deletes the entries received more than N × 24 hours ago (0: all of them). It verifies the chain
first and deletes nothing when it does not hold (exit 1). Then it appends a purge marker to the
chain, saying when the cut-off was, how many entries go and the hash of the last one, and deletes
them, the oldest first, in small steps that a server beside it barely notices. What remains is
still one chain, from that hash; temoin verify still passes, and seq goes on after the marker.
A purge that was interrupted is finished by the next one.

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
    const result = await purgeLedger(storeOptions(values.data), before);
    if (!result.ok) {
      const { seq, problem } = result.verdict;
      process.stderr.write(`temoin purge: the chain breaks at seq ${seq}: it ${problem}; nothing was purged\n`);
      return 1;
    }
    const { marker, deleted } = result;
    if (marker) {
      const { removed, lastRemovedSeq, lastRemovedHash } = marker.purge;
      process.stdout.write(
        `purged ${removed} ${removed === 1 ? 'entry' : 'entries'} received before ${before}, through seq ${lastRemovedSeq}; its hash ${lastRemovedHash} now starts the chain, and seq ${marker.seq} records the purge\n`,
      );
    } else
      process.stdout.write(
        `nothing to purge: no entry received before ${before}${deleted ? ` (${deleted} entries an earlier purge removed were deleted)` : ''}\n`,
      );
    return 0;
  },
};
