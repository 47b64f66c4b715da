import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Role } from '../auth/roles.js';
import type { CollectionIndexes } from '../db/indexes.js';

/** An API key as the rest of the code sees it; the secret itself is never stored. */
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  participantId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

interface ApiKeyDocument {
  _id: string;
  /** sha256 of the secret, hex. */
  hash: string;
  name: string;
  role: Role;
  participantId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export const apiKeyIndexes: CollectionIndexes = {
  collection: 'api_keys',
  indexes: [{ key: { hash: 1 }, options: { unique: true, name: 'hash_unique' } }],
};

/** Stores API keys by the hash of their secret. */
export class ApiKeysRepository {
  private readonly keys: Collection<ApiKeyDocument>;

  constructor(db: Db) {
    this.keys = db.collection<ApiKeyDocument>(apiKeyIndexes.collection);
  }

  /** Records a new key under the hash of its secret. */
  async create(input: {
    hash: string;
    name: string;
    role: Role;
    participantId: string | null;
  }): Promise<ApiKey> {
    const document: ApiKeyDocument = {
      _id: randomUUID(),
      ...input,
      createdAt: new Date(),
      revokedAt: null,
    };
    await this.keys.insertOne(document);
    return toApiKey(document);
  }

  /** The key with this hash, if it exists and was not revoked. */
  async findActiveByHash(hash: string): Promise<ApiKey | null> {
    const document = await this.keys.findOne({ hash, revokedAt: null });
    return document ? toApiKey(document) : null;
  }

  async findById(id: string): Promise<ApiKey | null> {
    const document = await this.keys.findOne({ _id: id });
    return document ? toApiKey(document) : null;
  }

  /** All keys, newest first (keys are few: one per person or front end). */
  async findAll(): Promise<ApiKey[]> {
    const documents = await this.keys.find({}).sort({ createdAt: -1, _id: 1 }).toArray();
    return documents.map(toApiKey);
  }

  /** Marks the key revoked (from now on it authenticates nothing); returns it, or null if unknown. */
  async revoke(id: string): Promise<ApiKey | null> {
    const existing = await this.keys.findOne({ _id: id });
    if (!existing) return null;
    if (existing.revokedAt) return toApiKey(existing);
    const revokedAt = new Date();
    await this.keys.updateOne({ _id: id }, { $set: { revokedAt } });
    return toApiKey({ ...existing, revokedAt });
  }
}

function toApiKey({ _id, name, role, participantId, createdAt, revokedAt }: ApiKeyDocument): ApiKey {
  return { id: _id, name, role, participantId, createdAt, revokedAt };
}
