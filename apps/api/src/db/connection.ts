import { type Database, startDatabase } from '@attain/embedded-mongo';
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb';

export interface Store {
  client: MongoClient;
  db: Db;
  /** True when this process started the embedded engine (no MONGODB_URI). */
  embedded: boolean;
  /** Which database this is, for a person: the embedded files' directory or the server, and the name. */
  description: string;
  /** The connection string, with any user and password written as `<user>:<password>`. */
  uri: string;
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
  const uri = redactCredentials(database.uri);
  return {
    client,
    db: client.db(database.dbName),
    embedded: database.embedded,
    uri,
    description: database.embedded
      ? `the embedded database in ${database.dataDir} (database "${database.dbName}", served at ${uri})`
      : `database "${database.dbName}" on ${serverOf(uri)} (MONGODB_URI)`,
    close: async () => {
      await client.close();
      await database.stop();
    },
  };
}

/** A connection string with `user:password@` written as `<user>:<password>@`: safe to print. */
export function redactCredentials(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1<user>:<password>@');
}

/** `mongodb://<user>:<password>@db1,db2/?replicaSet=rs0` → `mongodb://db1,db2`: the servers only. */
function serverOf(uri: string): string {
  return /^mongodb(?:\+srv)?:\/\/[^/?]*/.exec(uri)?.[0]?.replace('<user>:<password>@', '') ?? uri;
}

/**
 * The create-key command that writes to the database `store` is, as the start-up banner prints
 * it: the embedded engine's address while this process serves it (a second engine on the same
 * files is refused), or the MONGODB_URI in use, its password left for the reader to fill in.
 */
export function createKeyCommand(store: Pick<Store, 'uri' | 'db'>, role = 'admin'): string {
  const name = store.db.databaseName === 'attain' ? '' : ` MONGODB_DB=${store.db.databaseName}`;
  const owner = role === 'admin' || role === 'analyst' ? ' --owner "<who holds it>"' : '';
  return `MONGODB_URI='${store.uri}'${name} pnpm --filter @attain/api create-key --role ${role}${owner}`;
}

/** Starts or finds the database (MONGODB_URI or the embedded engine) and connects to it. */
export async function openStore(options: { dataDir: string; dbName?: string }): Promise<Store> {
  return connectStore(await startDatabase(options));
}
