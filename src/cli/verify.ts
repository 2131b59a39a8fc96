/** `temoin verify`: recomputes the ledger's hash chain. */
import { openStore } from '../server/open-store';
import { verifyStore } from '../server/verify-store';
import type { Command } from './command';
import { readArgs, STORE_HELP, STORE_OPTIONS, storeOptions } from './ledger-options';

const help = `usage: temoin verify [options]

Recomputes the hash chain of every entry held. Exit 0 and the number of entries when it holds;
exit 1 naming the first seq that does not (an entry edited, inserted, deleted or lost).

${STORE_HELP}

With the embedded store it runs while a server writes; so it does with PostgreSQL.`;

export const verify: Command = {
  summary: 'check that no entry of the ledger was edited, inserted or deleted',
  help,
  async run(args) {
    const values = readArgs(args, STORE_OPTIONS);
    const store = await openStore(storeOptions(values.data), { create: false });
    try {
      const verdict = await verifyStore(store);
      if (!verdict.ok) {
        process.stderr.write(`temoin verify: the chain breaks at seq ${verdict.seq}: it ${verdict.problem}\n`);
        return 1;
      }
      const span = verdict.entries ? `, seq ${verdict.firstSeq} to ${verdict.lastSeq}, last hash ${verdict.lastHash}` : '';
      const purged = verdict.purgedSeq ? `; purged through seq ${verdict.purgedSeq}, whose hash ${verdict.purgedHash} starts the chain` : '';
      process.stdout.write(`the chain holds: ${verdict.entries} ${verdict.entries === 1 ? 'entry' : 'entries'}${span}${purged}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
