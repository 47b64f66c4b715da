import { type Database, startDatabase } from '@attain/embedded-mongo';
import { type Db, MongoClient } from 'mongodb';

export interface Store {
  client: MongoClient;
  db: Db;
  /** True when this process started the embedded engine (no MONGODB_URI). */
  embedded: boolean;
  /** Closes the client, then stops the embedded engine if we started one. */
  close(): Promise<void>;
}

/** Connects the official driver to a database started (or found) by `startDatabase`. */
export async function connectStore(database: Database): Promise<Store> {
  const client = await MongoClient.connect(database.uri, {
    // Fail a request quickly with a clear error when the database is down, instead of hanging.
    serverSelectionTimeoutMS: 5_000,
  });
  return {
    client,
    db: client.db(database.dbName),
    embedded: database.embedded,
    close: async () => {
      await client.close();
      await database.stop();
    },
  };
}

/** Starts or finds the database (MONGODB_URI or the embedded engine) and connects to it. */
export async function openStore(options: { dataDir: string; dbName?: string }): Promise<Store> {
  return connectStore(await startDatabase(options));
}
