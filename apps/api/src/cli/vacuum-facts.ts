import { parseArgs } from 'node:util';
import { vacuumFacts } from '../facts/vacuum-facts.js';
import { VACUUM_GRACE_MS } from '../repositories/facts.js';
import { withStore } from './with-store.js';

const USAGE = `Usage: pnpm --filter @attain/api run vacuum-facts [--grace-minutes 60]

Removes the fact blocks that only old generations list (docs/storage.md, "Vacuum"). It keeps the
current facts, the facts every stored payout run and backtest read (they can still be read again
and compared), and the generations current in the last --grace-minutes (runs in progress).`;

/** Runs a vacuum of the fact store on the configured database and says what it removed. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'grace-minutes': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const text = values['grace-minutes'];
  const minutes = text === undefined ? VACUUM_GRACE_MS / 60_000 : Number(text);
  if (!(Number.isInteger(minutes) && minutes >= 0 && minutes <= 525_600)) {
    console.error(`--grace-minutes must be a whole number from 0 to 525600; got "${text}"\n\n${USAGE}`);
    return 2;
  }
  return withStore(async (repositories) => {
    const counts = await vacuumFacts(repositories, { graceMs: minutes * 60_000 });
    const kept = counts.generationsKept;
    console.log(
      `Removed ${counts.blocksRemoved} fact blocks and ${counts.generationsRemoved} generations; kept ${kept.length} generation${kept.length === 1 ? '' : 's'} (${kept.join(', ')}).${counts.orphansRemoved > 0 ? ` Also removed ${counts.orphansRemoved} blocks an interrupted import left behind.` : ''}`,
    );
    return 0;
  });
}

process.exitCode = await main();
