import { randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Role } from '../auth/roles.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';

/** What a mutation did, as recorded: who, what, when, and how it ended. */
export interface AuditEntry {
  id: string;
  at: Date;
  /** The API key that called; null when the request had no valid key. */
  keyId: string | null;
  role: Role | null;
  mutation: string;
  /** The arguments, summarised: sizes of lists, no secrets. */
  arguments: Record<string, string>;
  /** 'ok', or the error code the caller received. */
  outcome: string;
}

export type AuditEntryInput = Omit<AuditEntry, 'id'>;

type AuditDocument = AuditEntryInput & { _id: string };

export const auditLogIndexes: CollectionIndexes = {
  collection: 'audit_log',
  indexes: [{ key: { keyId: 1 }, options: { name: 'key' } }],
};

/** The append-only audit log: this class has no method that changes or removes an entry. */
export class AuditLogRepository {
  private readonly entries: Collection<AuditDocument>;

  constructor(db: Db) {
    this.entries = db.collection<AuditDocument>(auditLogIndexes.collection);
  }

  /** Appends entries; ids start with the time so ordering by id is ordering by time. */
  async append(entries: readonly AuditEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    await this.entries.insertMany(
      entries.map((entry) => ({
        _id: `${entry.at.toISOString()}_${randomBytes(6).toString('hex')}`,
        ...entry,
      })),
      { ordered: false },
    );
  }

  /** A page of entries, oldest first; filter by mutation name when given. */
  async findPage(request: PageRequest, filter: { mutation?: string } = {}): Promise<Page<AuditEntry>> {
    const page = await findPage(
      this.entries,
      filter.mutation === undefined ? {} : { mutation: filter.mutation },
      request,
    );
    return { ...page, items: page.items.map(({ _id, ...rest }) => ({ id: _id, ...rest })) };
  }
}
