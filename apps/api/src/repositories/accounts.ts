import type { Account as EngineAccount } from '@attain/engine';
import type { Collection, Db } from 'mongodb';
import type { CollectionIndexes } from '../db/indexes.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';
import { type UpsertCounts, upsertById } from '../db/upsert-by-id.js';
import type { Attributes } from './attributes.js';

/** A customer account, owned by one team: the engine's `Account`, plus free-form attributes. */
export interface Account extends EngineAccount {
  attributes: Attributes;
}

interface AccountDocument {
  _id: string;
  name: string;
  teamId: string;
  geography: string;
  vertical: string;
  segment: string;
  attributes: Attributes;
}

export const accountIndexes: CollectionIndexes = {
  collection: 'accounts',
  indexes: [{ key: { teamId: 1 }, options: { name: 'team' } }],
};

/** Accounts by their client-given id. */
export class AccountsRepository {
  private readonly accounts: Collection<AccountDocument>;

  constructor(db: Db) {
    this.accounts = db.collection<AccountDocument>(accountIndexes.collection);
  }

  upsertMany(accounts: readonly Account[]): Promise<UpsertCounts> {
    return upsertById(
      this.accounts,
      accounts.map(({ id, ...rest }) => ({
        _id: id,
        name: rest.name,
        teamId: rest.teamId,
        geography: rest.geography,
        vertical: rest.vertical,
        segment: rest.segment,
        attributes: rest.attributes,
      })),
    );
  }

  /** Every account, for a payout run. */
  async findAll(): Promise<Account[]> {
    return (await this.accounts.find({}).sort({ _id: 1 }).toArray()).map(toAccount);
  }

  async findByIds(ids: readonly string[]): Promise<Account[]> {
    const documents = await this.accounts.find({ _id: { $in: [...ids] } }).toArray();
    return documents.map(toAccount);
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const found = await this.accounts.find({ _id: { $in: [...ids] } }, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((document) => document._id));
  }

  /** The accounts of any of these teams, in one query. */
  async findByTeams(teamIds: readonly string[]): Promise<Account[]> {
    const documents = await this.accounts
      .find({ teamId: { $in: [...teamIds] } })
      .sort({ _id: 1 })
      .toArray();
    return documents.map(toAccount);
  }

  async findPage(request: PageRequest, filter: { teamId?: string } = {}): Promise<Page<Account>> {
    const page = await findPage(
      this.accounts,
      filter.teamId === undefined ? {} : { teamId: filter.teamId },
      request,
    );
    return { ...page, items: page.items.map(toAccount) };
  }
}

function toAccount({ _id, attributes, ...rest }: AccountDocument): Account {
  return { id: _id, ...rest, attributes: attributes ?? {} };
}
