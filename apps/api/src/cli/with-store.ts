import { DatabaseUnavailableError } from '@attain/embedded-mongo';
import { readConfig } from '../config.js';
import { openStore, type Store } from '../db/connection.js';
import { AppError } from '../errors.js';
import { createRepositories, ensureAllIndexes, type Repositories } from '../repositories/index.js';

/**
 * The tail every CLI shares: opens the configured database with its indexes, runs `work` and
 * closes the database whatever happens. An expected failure (AppError) is told to the person
 * (by `report`, else its message on stderr) with exit code 1; anything else is a bug, thrown.
 */
export async function withStore(
  work: (repositories: Repositories, store: Store) => Promise<number>,
  report: (error: AppError) => void = (error) => console.error(error.message),
): Promise<number> {
  let store: Store;
  try {
    store = await openStore({ dataDir: readConfig().dataDir });
  } catch (error) {
    // Another process holds the embedded files, or no database could be started: say which.
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    console.error(error.message);
    return 1;
  }
  try {
    await ensureAllIndexes(store.db);
    return await work(createRepositories(store.db), store);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    report(error);
    return 1;
  } finally {
    await store.close();
  }
}
