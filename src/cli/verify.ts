/** `temoin verify`: recomputes the ledger's hash chain, and checks hashes written down earlier. */
import { openReader } from '../server/open-store';
import { verifyLedger, type Anchor } from '../server/verify';
import { UsageError, type Command } from './command';
import { readArgs, STORE_HELP, STORE_OPTIONS, storeOptions } from './ledger-options';

const help = `usage: temoin verify [--anchor SEQ:HASH]... [--print-anchor] [options]

Recomputes the hash chain of every entry held, and checks that every stored column says what the
hashed text says. Exit 0 and the number of entries when it holds; exit 1 naming the first seq
that does not (an entry edited, inserted, deleted, damaged or lost).

  --anchor SEQ:HASH  a hash written down earlier (repeatable): exit 1 unless entry SEQ is still
                     held with that hash, or was removed by a purge the chain records; a ledger
                     cut from its end, or rewritten from some entry on, fails here
  --print-anchor     print only the anchor to keep, SEQ:HASH of the last entry (for a daily line
                     sent somewhere the ledger's operator cannot rewrite)
${STORE_HELP}

It only reads the store (a backup is checked without being changed), and runs while a server writes.`;

const ANCHOR = /^(\d{1,15}):([0-9a-fA-F]{64})$/;

function anchor(text: string): Anchor {
  const match = ANCHOR.exec(text);
  if (!match) throw new UsageError(`--anchor: expected SEQ:HASH (a seq, a colon, 64 hex characters) as --print-anchor writes it, got "${text}"`);
  return { seq: Number(match[1]), hash: (match[2] ?? '').toLowerCase() };
}

const plural = (count: number) => `${count} ${count === 1 ? 'entry' : 'entries'}`;

export const verify: Command = {
  summary: 'check that no entry of the ledger was edited, inserted or deleted',
  help,
  async run(args) {
    const values = readArgs(args, { ...STORE_OPTIONS, anchor: { type: 'string', multiple: true, default: [] }, 'print-anchor': { type: 'boolean', default: false } });
    const anchors = values.anchor.map(anchor);
    const reader = await openReader(storeOptions(values.data));
    const verdict = await reader.snapshot((view) => verifyLedger(view, anchors)).finally(() => reader.close());
    if (!verdict.ok) {
      process.stderr.write(`temoin verify: the chain breaks at seq ${verdict.seq}: it ${verdict.problem}\n`);
      return 1;
    }
    const { entries, firstSeq, head, lastPurge } = verdict;
    if (values['print-anchor']) process.stdout.write(`${head.lastSeq}:${head.lastHash}\n`);
    else {
      const span = entries ? `, seq ${firstSeq} to ${head.lastSeq}, last hash ${head.lastHash}` : '';
      const purged = lastPurge
        ? `; purged through seq ${lastPurge.purge.lastRemovedSeq} (the purge recorded at seq ${lastPurge.seq}), whose hash ${lastPurge.purge.lastRemovedHash} starts the chain`
        : '';
      process.stdout.write(`the chain holds: ${plural(entries)}${span}${purged}\n`);
      for (const finding of verdict.anchors) if (finding.ok) process.stdout.write(`anchor ${finding.anchor.seq}: ${finding.note}\n`);
    }
    let status = 0;
    for (const finding of verdict.anchors)
      if (!finding.ok) {
        process.stderr.write(`temoin verify: anchor ${finding.anchor.seq}:${finding.anchor.hash}: ${finding.problem}\n`);
        status = 1;
      }
    return status;
  },
};
