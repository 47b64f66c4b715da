import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { KeyCache, readKeyCacheMs } from '../auth/key-cache.js';
import type { Role } from '../auth/roles.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';

/** An API key as the rest of the code sees it; the secret itself is never stored. */
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  participantId: string | null;
  /** Who holds the key (a person, e.g. an email), as given at creation; null when none was given. */
  owner: string | null;
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
  /** Absent on keys created before owners were recorded. */
  owner?: string | null;
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
  /** Verified keys of this process; see KeyCache for what a revocation elsewhere costs. */
  private readonly cache: KeyCache;
  /** Counts revocations through this process, so a lookup racing one does not cache its stale read. */
  private revocations = 0;

  constructor(db: Db, options: { cacheMs?: number } = {}) {
    this.keys = db.collection<ApiKeyDocument>(apiKeyIndexes.collection);
    this.cache = new KeyCache(options.cacheMs ?? readKeyCacheMs());
  }

  /** Records a new key under the hash of its secret. */
  async create(input: {
    hash: string;
    name: string;
    role: Role;
    participantId: string | null;
    owner: string | null;
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

  /**
   * The key with this hash, if it exists and was not revoked: from the cache when it verified
   * within ATTAIN_KEY_CACHE_MS, else from the database. Only a hit is cached, so a wrong key
   * costs a lookup each time and never takes a place in the cache.
   */
  async findActiveByHash(hash: string): Promise<ApiKey | null> {
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const revocationsBefore = this.revocations;
    const document = await this.keys.findOne({ hash, revokedAt: null });
    if (!document) return null;
    const key = toApiKey(document);
    if (this.revocations === revocationsBefore) this.cache.set(hash, key);
    return key;
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

  /** One page of keys in `_id` order (keys are created with random ids, so not in creation order). */
  async findPage(request: PageRequest): Promise<Page<ApiKey>> {
    const page = await findPage(this.keys, {}, request);
    return { ...page, items: page.items.map(toApiKey) };
  }

  /** Marks the key revoked (from now on it authenticates nothing); returns it, or null if unknown. */
  async revoke(id: string): Promise<ApiKey | null> {
    const existing = await this.keys.findOne({ _id: id });
    if (!existing) return null;
    this.cache.delete(existing.hash);
    if (existing.revokedAt) return toApiKey(existing);
    const revokedAt = new Date();
    this.revocations += 1;
    await this.keys.updateOne({ _id: id }, { $set: { revokedAt } });
    this.cache.delete(existing.hash);
    return toApiKey({ ...existing, revokedAt });
  }
}

function toApiKey({ _id, name, role, participantId, owner, createdAt, revokedAt }: ApiKeyDocument): ApiKey {
  return { id: _id, name, role, participantId, owner: owner ?? null, createdAt, revokedAt };
}
