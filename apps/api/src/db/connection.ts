import { type Database, startDatabase } from '@attain/embedded-mongo';
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb';

export interface Store {
  client: MongoClient;
  db: Db;
  /** True when this process started the embedded engine (no MONGODB_URI). */
  embedded: boolean;
  /** Closes the client, then stops the embedded engine if we started one. */
  close(): Promise<void>;
}

/**
 * How the driver notices a database that is down or frozen (docs/security.md, "Timeouts"). A
 * frozen server keeps its TCP connections open and answers nothing, so a request would wait for
 * it forever: the monitor checks the server every second and gives a check 2 s, and when a check
 * times out the driver marks the server unknown and interrupts the operations waiting on it;
 * they fail with DATABASE_UNAVAILABLE once no server is found for 3 s more. A long operation on a
 * server that answers its checks is not cut short.
 */
export const DRIVER_OPTIONS: MongoClientOptions = {
  serverSelectionTimeoutMS: 3_000,
  heartbeatFrequencyMS: 1_000,
  connectTimeoutMS: 2_000,
};

/** Connects the official driver to a database started (or found) by `startDatabase`. */
export async function connectStore(database: Database): Promise<Store> {
  const client = await MongoClient.connect(database.uri, DRIVER_OPTIONS);
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
