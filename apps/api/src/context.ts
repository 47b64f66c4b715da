import type { Db } from 'mongodb';

/** What every resolver can reach; built once per request by the Yoga context factory. */
export interface Context {
  db: Db;
}
