import { randomBytes } from 'node:crypto';
import { parseDay } from '@attain/engine';
import { Binary, type Collection, type Db, MongoServerError } from 'mongodb';
import type { CollectionIndexes } from '../db/indexes.js';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from '../db/page.js';
import type { UpsertCounts } from '../db/upsert-by-id.js';
import { AppError } from '../errors.js';
import type { FactKind } from '../facts/fact-kinds.js';
import type { Attributes } from './attributes.js';
import {
  BLOCK_FORMAT,
  BLOCK_ROWS,
  type DecodedBlock,
  decodeBlock,
  decodeKeyColumns,
  encodeBlock,
  type FactBlockDocument,
  factAt,
  factHash,
  monthOf,
  ROW_HASH_BYTES,
} from './fact-blocks.js';

/** A participant's share (0..1) of a fact; a fact's shares add up to 1. */
export interface Credit {
  participantId: string;
  share: number;
}

export type FactValue = string | number | boolean;

/**
 * One dated business event on an account. `values` holds the kind's own fields (money in minor
 * units), so `{ id, kind, date, accountId, currency, credits, ...values }` is the engine's `Fact`.
 */
export interface Fact {
  id: string;
  kind: FactKind;
  date: string;
  accountId: string;
  /** ISO 4217 code of the money fields; null for kinds without money. */
  currency: string | null;
  credits: Credit[];
  values: Record<string, FactValue>;
  attributes: Attributes;
}

export interface FactFilter {
  accountId?: string;
  kinds?: readonly FactKind[];
  /** Inclusive first day. */
  from?: string;
  /** Inclusive last day. */
  to?: string;
}

/** What a stream reads: only the named kind fields and attributes (plus the base fields) when `fields` is given. */
export interface StreamOptions {
  fields?: readonly string[];
  /** Blocks fetched ahead of the one being decoded. */
  prefetch?: number;
}

/** A block as the manifest lists it: its header, and the rows deleted or superseded since it was written. */
export interface BlockEntry {
  id: string;
  kind: FactKind;
  month: string;
  firstDay: string;
  lastDay: string;
  rows: number;
  /** Rows still current: `rows` minus the dead ones. */
  live: number;
  /** The block's layout (fact-blocks.ts BLOCK_FORMAT); absent in manifests written by layout 1. */
  format?: number;
  /** Int32 row numbers (ascending) that a later write superseded or deleted; absent when none. */
  dead?: Binary;
}

/** Why a generation was written (for the audit trail and "what changed"). */
export type FactOperation = 'import' | 'delete' | 'compact' | 'migrate';

/**
 * One generation of the fact store: the complete list of current blocks. Inserting generation
 * n + 1 (unique `_id`) is the commit point of every write; two writers racing for the same n
 * conflict on the key and the loser retries on top of the winner.
 */
export interface ManifestDocument {
  _id: number;
  createdAt: Date;
  operation: FactOperation;
  blocks: BlockEntry[];
}

/** A generation as readers see it (generation 0 is the empty store). */
export interface FactManifest {
  generation: number;
  blocks: readonly BlockEntry[];
}

/** How a deletion by external id landed. */
export interface DeleteCounts {
  deleted: number;
  /** Ids that name no current fact (already deleted, or never imported). */
  notFound: string[];
}

/** Facts added, changed and removed on one account and kind between two generations. */
export interface FactChange {
  kind: FactKind;
  accountId: string;
  added: number;
  changed: number;
  removed: number;
}

/** What a vacuum kept and removed. */
export interface VacuumCounts {
  /** Generations still stored, ascending: the current one and those kept. */
  generationsKept: number[];
  generationsRemoved: number;
  blocksRemoved: number;
  /** Blocks no manifest lists, left by a writer that stopped before committing. */
  orphansRemoved: number;
}

/** What a compaction rewrote. */
export interface CompactionCounts {
  blocksBefore: number;
  blocksAfter: number;
  /** Superseded or deleted rows that are no longer stored in a current block. */
  rowsDropped: number;
}

/**
 * A reader found a block or manifest of its generation gone (a vacuum removed it mid-read); retry
 * the read (code FACTS_CHANGED: an expected failure a client answers by sending it again).
 */
export class FactsChangedError extends AppError {
  override name = 'FactsChangedError';
  /** `gone` names what is missing, e.g. "block order:2025-01:3:ab12". */
  constructor(gone: string) {
    super('FACTS_CHANGED', `The facts changed while they were being read (${gone} is gone); run it again.`);
  }
}

const BLOCKS = 'fact_blocks';
const MANIFESTS = 'fact_manifests';
const HEAD = 'fact_head';
const DUPLICATE_KEY = 11000;
/** Blocks per insert call: about 6 MB, well below the 48 MB of one message. */
const BLOCKS_PER_INSERT = 16;
/** A partition (kind, month) with more blocks under a quarter full than this is compacted after an import. */
const SMALL_BLOCKS_PER_PARTITION = 8;
/** A generation current less than this long ago survives a vacuum: a run may still be reading it. */
export const VACUUM_GRACE_MS = 60 * 60 * 1000;
/** Commit attempts before a write gives up under constant contention. */
const MAX_ATTEMPTS = 20;

export const factIndexes: CollectionIndexes = {
  collection: BLOCKS,
  // Readers address blocks by _id from the manifest; this index serves tools and MongoDB shells
  // that look at the blocks of a kind and month.
  indexes: [{ key: { kind: 1, month: 1 }, options: { name: 'kind_month' } }],
};

interface HeadDocument {
  _id: string;
  generation: number;
}

/** The columns of a block that the id index needs, cached by block id (blocks are immutable). */
interface KeyColumns {
  kind: FactKind;
  ids: string[];
  hashes: Uint8Array;
  days: Int32Array;
  accounts: Int32Array;
  accountDictionary: string[];
}

/** Where every current fact is, for one generation. */
interface IdIndex {
  generation: number;
  manifest: FactManifest;
  keys: KeyColumns[];
  /** id -> slot * BLOCK_ROWS + row, slot being the block's position in the manifest. */
  locations: Map<string, number>;
  /** Current ids in ascending order (built on first use, for paging). */
  sorted?: string[];
}

const KEY_PROJECTION = {
  format: 1,
  columns: 1,
  kind: 1,
  rows: 1,
  ids: 1,
  idEnds: 1,
  hashes: 1,
  days: 1,
  accounts: 1,
  accountDictionary: 1,
};

/**
 * Facts as immutable columnar blocks (docs/storage.md) listed by a manifest generation. Every
 * write inserts its new blocks first and then one manifest document, so a reader, which reads a
 * manifest and then its blocks by `_id`, sees a whole write or none of it.
 */
export class FactsRepository {
  private readonly blocks: Collection<FactBlockDocument>;
  private readonly manifests: Collection<ManifestDocument>;
  private readonly head: Collection<HeadDocument>;
  private readonly keyCache = new Map<string, KeyColumns>();
  private index: IdIndex | undefined;

  constructor(db: Db) {
    this.blocks = db.collection<FactBlockDocument>(BLOCKS);
    this.manifests = db.collection<ManifestDocument>(MANIFESTS);
    this.head = db.collection<HeadDocument>(HEAD);
  }

  /** The current generation: the head's hint, then the newer manifests after it, all read by `_id`. */
  async current(): Promise<FactManifest> {
    let manifest: FactManifest = { generation: 0, blocks: [] };
    const hint = (await this.head.findOne({ _id: 'facts' }))?.generation ?? 0;
    if (hint > 0) {
      // A vacuum removes a generation only after moving the head past it, so a hint naming a
      // removed one was read before that (or is a head left behind): the newest manifest is the
      // place to start. Probing on from generation 0 would find nothing, an empty store.
      const stored =
        (await this.manifests.findOne({ _id: hint })) ??
        (await this.manifests.find({}, { sort: { _id: -1 }, limit: 1 }).next());
      if (stored) manifest = { generation: stored._id, blocks: stored.blocks };
    }
    for (;;) {
      const next = await this.manifests.findOne({ _id: manifest.generation + 1 });
      if (!next) return manifest;
      manifest = { generation: next._id, blocks: next.blocks };
    }
  }

  /** The blocks of one generation, for a run to read again what it read. */
  async generation(generation: number): Promise<FactManifest | null> {
    if (generation === 0) return { generation: 0, blocks: [] };
    const stored = await this.manifests.findOne({ _id: generation });
    return stored ? { generation, blocks: stored.blocks } : null;
  }

  /**
   * Stores each fact under its external id in one new generation: a fact with an unknown id is
   * added, one whose content differs supersedes the stored row, an identical one is left alone.
   */
  async upsertMany(
    facts: readonly Fact[],
    onProgress?: (written: number, total: number) => void,
    operation: FactOperation = 'import',
  ): Promise<UpsertCounts> {
    const hashes = facts.map(factHash);
    const touched = new Set<string>();
    const counts = await this.commit(
      operation,
      async (manifest) => {
        const index = await this.indexFor(manifest);
        const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
        const dead = new Map<number, number[]>();
        const fresh: number[] = [];
        facts.forEach((fact, position) => {
          const location = index.locations.get(fact.id);
          if (location === undefined) {
            counts.inserted++;
            fresh.push(position);
            return;
          }
          const slot = Math.floor(location / BLOCK_ROWS);
          const row = location % BLOCK_ROWS;
          const stored = index.keys[slot]!.hashes.subarray(row * ROW_HASH_BYTES, (row + 1) * ROW_HASH_BYTES);
          if (Buffer.compare(stored, hashes[position]!) === 0) {
            counts.unchanged++;
            return;
          }
          counts.updated++;
          fresh.push(position);
          addTo(dead, slot, row);
        });
        if (fresh.length === 0) return { result: counts };
        const blocks = this.encode(
          manifest.generation + 1,
          fresh.map((position) => facts[position]!),
          fresh.map((position) => hashes[position]!),
        );
        for (const block of blocks) touched.add(`${block.kind} ${block.month}`);
        return {
          result: counts,
          blocks,
          entries: [...withDead(manifest.blocks, dead), ...blocks.map(entryOf)],
        };
      },
      onProgress && ((written) => onProgress(written, facts.length)),
    );
    onProgress?.(facts.length, facts.length);
    if (touched.size > 0) await this.compactIfFragmented(touched);
    return counts;
  }

  /**
   * Adds facts whose ids are new, without looking up the stored ones: for seeding an empty store
   * (the benchmark). The caller guarantees the ids are not stored yet.
   */
  async insertNew(facts: readonly Fact[]): Promise<void> {
    if (facts.length === 0) return;
    await this.commit('import', async (manifest) => {
      const blocks = this.encode(manifest.generation + 1, facts, facts.map(factHash));
      return { result: undefined, blocks, entries: [...manifest.blocks, ...blocks.map(entryOf)] };
    });
  }

  /** Deletes the current facts with these external ids (a cancelled order) in one new generation. */
  async deleteByIds(ids: readonly string[]): Promise<DeleteCounts> {
    return this.commit('delete', async (manifest) => {
      const index = await this.indexFor(manifest);
      const dead = new Map<number, number[]>();
      const notFound: string[] = [];
      const unique = new Set(ids);
      for (const id of unique) {
        const location = index.locations.get(id);
        if (location === undefined) notFound.push(id);
        else addTo(dead, Math.floor(location / BLOCK_ROWS), location % BLOCK_ROWS);
      }
      const result = { deleted: unique.size - notFound.length, notFound };
      if (dead.size === 0) return { result };
      return { result, blocks: [], entries: withDead(manifest.blocks, dead) };
    });
  }

  /**
   * Rewrites blocks without their dead rows and merges small blocks of the same kind and month,
   * in one new generation; `partitions` ("kind YYYY-MM") limits it to those. The old blocks stay
   * stored for the runs that read them (vacuum removes unreferenced ones).
   */
  async compact(partitions?: ReadonlySet<string>): Promise<CompactionCounts> {
    return this.commit('compact', async (manifest) => {
      const byPartition = new Map<string, BlockEntry[]>();
      for (const entry of manifest.blocks) {
        const key = `${entry.kind} ${entry.month}`;
        if (partitions && !partitions.has(key)) continue;
        const list = byPartition.get(key) ?? [];
        list.push(entry);
        byPartition.set(key, list);
      }
      const rewrite = new Set<string>();
      for (const entries of byPartition.values()) {
        const untidy = entries.filter((entry) => entry.live < entry.rows || entry.rows < BLOCK_ROWS);
        if (untidy.length >= 2 || untidy.some((entry) => entry.live < entry.rows)) {
          for (const entry of untidy) rewrite.add(entry.id);
        }
        // Blocks of an older layout are rewritten in the current one, which reads faster.
        for (const entry of entries) if ((entry.format ?? 1) < BLOCK_FORMAT) rewrite.add(entry.id);
      }
      const result: CompactionCounts = {
        blocksBefore: manifest.blocks.length,
        blocksAfter: manifest.blocks.length,
        rowsDropped: 0,
      };
      if (rewrite.size === 0) return { result };
      const old = manifest.blocks.filter((entry) => rewrite.has(entry.id));
      const facts: Fact[] = [];
      for await (const { block, entry } of this.readBlocks(old)) {
        const dead = deadRows(entry);
        const parsed = block.attributeDictionary.map((text) => JSON.parse(text) as Attributes);
        for (let row = 0; row < block.rows; row++) if (!dead.has(row)) facts.push(factAt(block, row, parsed));
        result.rowsDropped += entry.rows - entry.live;
      }
      const blocks = facts.length > 0 ? this.encode(manifest.generation + 1, facts, facts.map(factHash)) : [];
      const entries = [...manifest.blocks.filter((entry) => !rewrite.has(entry.id)), ...blocks.map(entryOf)];
      result.blocksAfter = entries.length;
      return { result, blocks, entries };
    });
  }

  /**
   * Removes what no kept generation needs: the manifests of generations that are neither
   * current, nor in `keep` (those that stored runs and backtests read), nor current less than
   * `graceMs` ago (a run may still be reading them), and the blocks that only such manifests
   * list. Blocks are removed before their manifests, so an interrupted vacuum is finished by the
   * next one; blocks of a write not yet committed are listed by no manifest and are left alone.
   */
  async vacuum(keep: ReadonlySet<number>, options: { graceMs?: number } = {}): Promise<VacuumCounts> {
    const graceMs = options.graceMs ?? VACUUM_GRACE_MS;
    const current = await this.current();
    // A reader starts at the head's hint; it must never name a manifest removed below.
    await this.advanceHead(current.generation);
    const manifests = await this.manifests.find({ _id: { $lte: current.generation } }).toArray();
    manifests.sort((a, b) => a._id - b._id);
    const cutoff = Date.now() - graceMs;
    const kept = new Set<number>([current.generation]);
    manifests.forEach((manifest, position) => {
      const next = manifests[position + 1];
      // Generation n was current until n + 1 was written (or a later one, when n + 1 is gone).
      const recent = next !== undefined && next.createdAt.getTime() > cutoff;
      if (keep.has(manifest._id) || recent) kept.add(manifest._id);
    });
    const needed = new Set<string>();
    const candidates = new Set<string>();
    for (const { _id, blocks } of manifests) {
      for (const entry of blocks) (kept.has(_id) ? needed : candidates).add(entry.id);
    }
    let blocksRemoved = 0;
    for (const id of candidates) {
      if (needed.has(id)) continue;
      blocksRemoved += (await this.blocks.deleteOne({ _id: id })).deletedCount;
      this.keyCache.delete(id);
    }
    // Orphans: blocks of a writer that died between its blocks and its manifest, listed by no
    // manifest. A block is written for generation n + 1 while n is current and can only ever be
    // committed by manifest n + 1; so one for a generation up to the current one that no
    // manifest lists never will be (a writer that lost the race removes its own, too). Blocks
    // for a later generation may be a writer's at work, and stay.
    const listed = new Set([...needed, ...candidates]);
    const orphans = await this.blocks
      .find({ generation: { $lte: current.generation } }, { projection: { _id: 1 } })
      .toArray();
    let orphansRemoved = 0;
    for (const { _id } of orphans) {
      if (listed.has(_id)) continue;
      orphansRemoved += (await this.blocks.deleteOne({ _id })).deletedCount;
      this.keyCache.delete(_id);
    }
    const dropped = manifests.map(({ _id }) => _id).filter((generation) => !kept.has(generation));
    for (const generation of dropped) await this.manifests.deleteOne({ _id: generation });
    return {
      generationsKept: [...kept].sort((a, b) => a - b),
      generationsRemoved: dropped.length,
      blocksRemoved,
      orphansRemoved,
    };
  }

  async findByIds(ids: readonly string[]): Promise<Fact[]> {
    const index = await this.indexFor(await this.current());
    const rowsBySlot = new Map<number, number[]>();
    for (const id of ids) {
      const location = index.locations.get(id);
      if (location !== undefined) addTo(rowsBySlot, Math.floor(location / BLOCK_ROWS), location % BLOCK_ROWS);
    }
    return this.factsAt(index.manifest, rowsBySlot);
  }

  /**
   * One page of facts ordered by external id. The id index (kept per generation in memory)
   * filters by kind, date and account; only the blocks that hold the page's rows are read.
   */
  async findPage(request: PageRequest, filter: FactFilter = {}): Promise<Page<Fact>> {
    const index = await this.indexFor(await this.current());
    index.sorted ??= [...index.locations.keys()].sort(compareIds);
    const sorted = index.sorted;
    const backwards = request.last != null && request.first == null;
    const size = (backwards ? request.last : request.first) ?? DEFAULT_PAGE_SIZE;
    const kinds = filter.kinds ? new Set<string>(filter.kinds) : undefined;
    const from = filter.from === undefined ? undefined : parseDay(filter.from)!;
    const to = filter.to === undefined ? undefined : parseDay(filter.to)!;
    const matches = (id: string) => {
      const location = index.locations.get(id)!;
      const keys = index.keys[Math.floor(location / BLOCK_ROWS)]!;
      const row = location % BLOCK_ROWS;
      if (kinds && !kinds.has(keys.kind)) return false;
      const day = keys.days[row]!;
      if ((from !== undefined && day < from) || (to !== undefined && day > to)) return false;
      return (
        filter.accountId === undefined || keys.accountDictionary[keys.accounts[row]!] === filter.accountId
      );
    };
    const found: string[] = [];
    if (backwards) {
      let at = request.before != null ? lowerBound(sorted, request.before) - 1 : sorted.length - 1;
      const stop = request.after != null ? upperBound(sorted, request.after) : 0;
      for (; at >= stop && found.length <= size; at--) if (matches(sorted[at]!)) found.push(sorted[at]!);
    } else {
      let at = request.after != null ? upperBound(sorted, request.after) : 0;
      const stop = request.before != null ? lowerBound(sorted, request.before) : sorted.length;
      for (; at < stop && found.length <= size; at++) if (matches(sorted[at]!)) found.push(sorted[at]!);
    }
    const more = found.length > size;
    const pageIds = found.slice(0, size);
    if (backwards) pageIds.reverse();
    const rowsBySlot = new Map<number, number[]>();
    for (const id of pageIds) {
      const location = index.locations.get(id)!;
      addTo(rowsBySlot, Math.floor(location / BLOCK_ROWS), location % BLOCK_ROWS);
    }
    const byId = new Map((await this.factsAt(index.manifest, rowsBySlot)).map((fact) => [fact.id, fact]));
    return {
      items: pageIds.map((id) => byId.get(id)!),
      hasNextPage: backwards ? request.before != null : more,
      hasPreviousPage: backwards ? more : request.after != null,
    };
  }

  /**
   * Every current fact matching the filter, block by block. Only blocks whose kind and day range
   * the filter can match are read (chosen from the manifest, read by `_id`).
   */
  async *streamMatching(filter: FactFilter, options: StreamOptions = {}): AsyncGenerator<Fact> {
    for await (const block of this.streamBlocks(filter, options)) {
      const parsed = block.block.attributeDictionary.map((text) => JSON.parse(text) as Attributes);
      for (const row of block.rows) yield factAt(block.block, row, parsed);
    }
  }

  /**
   * The blocks matching a filter, decoded, each with the rows of it that are current and match;
   * from `manifest` when given (a generation the caller pinned), else from the current one.
   */
  async *streamBlocks(
    filter: FactFilter,
    options: StreamOptions = {},
    pinned?: FactManifest,
  ): AsyncGenerator<{ block: DecodedBlock; rows: Int32Array }> {
    const fields = options.fields ? new Set(options.fields) : undefined;
    const manifest = pinned ?? (await this.current());
    const from = filter.from === undefined ? undefined : parseDay(filter.from)!;
    const to = filter.to === undefined ? undefined : parseDay(filter.to)!;
    for await (const { block, entry } of this.readBlocks(
      candidates(manifest, filter),
      fields,
      options.prefetch,
    )) {
      const rows = matchingRows(block, entry, filter.accountId, from, to);
      if (rows.length > 0) yield { block, rows };
    }
  }

  /** How many current facts match the filter (to size a load before reading it). */
  async countMatching(filter: FactFilter): Promise<number> {
    const manifest = await this.current();
    let count = 0;
    const edges: BlockEntry[] = [];
    for (const entry of candidates(manifest, filter)) {
      const inside =
        (filter.from === undefined || entry.firstDay >= filter.from) &&
        (filter.to === undefined || entry.lastDay <= filter.to);
      if (inside && filter.accountId === undefined) count += entry.live;
      else edges.push(entry);
    }
    const from = filter.from === undefined ? undefined : parseDay(filter.from)!;
    const to = filter.to === undefined ? undefined : parseDay(filter.to)!;
    for await (const { block, entry } of this.readBlocks(edges, new Set())) {
      count += matchingRows(block, entry, filter.accountId, from, to).length;
    }
    return count;
  }

  /** Decoded blocks in the manifest's order, a few fetched ahead; a missing block is a FactsChangedError. */
  private async *readBlocks(
    entries: readonly BlockEntry[],
    fields?: ReadonlySet<string>,
    prefetch = 4,
  ): AsyncGenerator<{ block: DecodedBlock; entry: BlockEntry }> {
    const projection = fields ? blockProjection(fields) : undefined;
    const fetch = (entry: BlockEntry) =>
      this.blocks.findOne(
        { _id: entry.id },
        projection ? { projection } : {},
      ) as Promise<FactBlockDocument | null>;
    const pending: Promise<FactBlockDocument | null>[] = [];
    let next = 0;
    while (next < entries.length && pending.length < prefetch) pending.push(fetch(entries[next++]!));
    for (const entry of entries) {
      const document = await pending.shift()!;
      if (next < entries.length) pending.push(fetch(entries[next++]!));
      if (!document) throw new FactsChangedError(`block ${entry.id}`);
      yield { block: decodeBlock(document, fields), entry };
    }
  }

  /** The facts at some rows of some blocks (slots of the manifest), every field decoded. */
  private async factsAt(manifest: FactManifest, rowsBySlot: Map<number, number[]>): Promise<Fact[]> {
    const slots = [...rowsBySlot.keys()];
    const facts: Fact[] = [];
    let position = 0;
    for await (const { block } of this.readBlocks(slots.map((slot) => manifest.blocks[slot]!))) {
      for (const row of rowsBySlot.get(slots[position++]!)!) facts.push(factAt(block, row));
    }
    return facts;
  }

  /**
   * What changed in the facts from generation `since` to the current one, per kind and account:
   * facts added, changed (same id, other content) and removed. Null when `since` is not stored
   * any more (vacuumed) or never existed.
   */
  async changesSince(since: number): Promise<{ generation: number; changes: FactChange[] } | null> {
    const before = await this.generation(since);
    if (!before) return null;
    const current = await this.current();
    const [old, now] = [await this.locate(before), await this.locate(current)];
    const changes = new Map<string, FactChange>();
    const count = (keys: KeyColumns, row: number, what: 'added' | 'changed' | 'removed') => {
      const accountId = keys.accountDictionary[keys.accounts[row]!]!;
      const key = `${keys.kind}\u0000${accountId}`;
      let change = changes.get(key);
      if (!change) {
        change = { kind: keys.kind, accountId, added: 0, changed: 0, removed: 0 };
        changes.set(key, change);
      }
      change[what]++;
    };
    const hashAt = (keys: KeyColumns, row: number) =>
      keys.hashes.subarray(row * ROW_HASH_BYTES, (row + 1) * ROW_HASH_BYTES);
    for (const [id, location] of now.locations) {
      const keys = now.keys[Math.floor(location / BLOCK_ROWS)]!;
      const row = location % BLOCK_ROWS;
      const previous = old.locations.get(id);
      if (previous === undefined) count(keys, row, 'added');
      else {
        const oldKeys = old.keys[Math.floor(previous / BLOCK_ROWS)]!;
        if (Buffer.compare(hashAt(keys, row), hashAt(oldKeys, previous % BLOCK_ROWS)) !== 0)
          count(keys, row, 'changed');
      }
    }
    for (const [id, location] of old.locations) {
      if (!now.locations.has(id))
        count(old.keys[Math.floor(location / BLOCK_ROWS)]!, location % BLOCK_ROWS, 'removed');
    }
    const sorted = [...changes.values()].sort(
      (a, b) => compareIds(a.kind, b.kind) || compareIds(a.accountId, b.accountId),
    );
    return { generation: current.generation, changes: sorted };
  }

  /** The id index of a generation, reusing the key columns of blocks read before. */
  private async indexFor(manifest: FactManifest): Promise<IdIndex> {
    if (this.index?.generation === manifest.generation) return this.index;
    const { keys, locations } = await this.locate(manifest);
    const listed = new Set(manifest.blocks.map((entry) => entry.id));
    for (const id of this.keyCache.keys()) if (!listed.has(id)) this.keyCache.delete(id);
    this.index = { generation: manifest.generation, manifest, keys, locations };
    return this.index;
  }

  /** Where each current fact of a generation is, from the key columns of its blocks. */
  private async locate(
    manifest: FactManifest,
  ): Promise<{ keys: KeyColumns[]; locations: Map<string, number> }> {
    const keys: KeyColumns[] = [];
    const wanted = manifest.blocks.filter((entry) => !this.keyCache.has(entry.id));
    const fetched = await Promise.all(
      wanted.map((entry) =>
        this.blocks.findOne({ _id: entry.id }, { projection: KEY_PROJECTION }).then((document) => {
          if (!document) throw new FactsChangedError(`block ${entry.id}`);
          return [entry.id, decodeKeyColumns(document as FactBlockDocument)] as const;
        }),
      ),
    );
    for (const [id, columns] of fetched) this.keyCache.set(id, columns);
    const locations = new Map<string, number>();
    manifest.blocks.forEach((entry, slot) => {
      const columns = this.keyCache.get(entry.id)!;
      keys.push(columns);
      const dead = deadRows(entry);
      for (let row = 0; row < columns.ids.length; row++) {
        if (!dead.has(row)) locations.set(columns.ids[row]!, slot * BLOCK_ROWS + row);
      }
    });
    return { keys, locations };
  }

  /** Facts (with their hashes) as blocks of one kind and month, in (date, id) order. */
  private encode(generation: number, facts: readonly Fact[], hashes: readonly Buffer[]): FactBlockDocument[] {
    const order = facts.map((_, position) => position);
    // The sort keys are built once, not in the comparator: 100,000 facts take 1.7 million
    // comparisons, and building two strings in each was a fifth of an import's encode time.
    const keys = facts.map((fact) => `${fact.kind} ${fact.date}`);
    order.sort((a, b) => compareIds(keys[a]!, keys[b]!) || compareIds(facts[a]!.id, facts[b]!.id));
    const blocks: FactBlockDocument[] = [];
    let start = 0;
    while (start < order.length) {
      const first = facts[order[start]!]!;
      let end = start + 1;
      while (
        end < order.length &&
        end - start < BLOCK_ROWS &&
        facts[order[end]!]!.kind === first.kind &&
        monthOf(facts[order[end]!]!.date) === monthOf(first.date)
      ) {
        end++;
      }
      const slice = order.slice(start, end);
      blocks.push(
        encodeBlock(
          `${first.kind}:${monthOf(first.date)}:${generation}:${randomBytes(6).toString('hex')}`,
          generation,
          slice.map((position) => facts[position]!),
          slice.map((position) => hashes[position]!),
        ),
      );
      start = end;
    }
    return blocks;
  }

  /**
   * The write protocol: plan on the current generation, insert the new blocks, then insert the
   * next manifest. A duplicate manifest key means another writer committed first: the blocks of
   * this attempt are removed and the plan runs again on the newer generation.
   */
  private async commit<R>(
    operation: FactOperation,
    plan: (
      manifest: FactManifest,
    ) => Promise<{ result: R; blocks?: FactBlockDocument[]; entries?: BlockEntry[] }>,
    onBlocksWritten?: (rows: number) => void,
  ): Promise<R> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const manifest = await this.current();
      const { result, blocks = [], entries } = await plan(manifest);
      if (!entries) return result;
      let written = 0;
      for (let start = 0; start < blocks.length; start += BLOCKS_PER_INSERT) {
        const chunk = blocks.slice(start, start + BLOCKS_PER_INSERT);
        await this.blocks.insertMany(chunk, { ordered: false });
        written += chunk.reduce((sum, block) => sum + block.rows, 0);
        onBlocksWritten?.(written);
      }
      const generation = manifest.generation + 1;
      try {
        await this.manifests.insertOne({
          _id: generation,
          createdAt: new Date(),
          operation,
          blocks: entries,
        });
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
        for (const block of blocks) await this.blocks.deleteOne({ _id: block._id });
        continue;
      }
      await this.advanceHead(generation);
      return result;
    }
    throw new Error(`facts: ${MAX_ATTEMPTS} writers committed before this one; try again`);
  }

  /** Moves the head hint forward; a lost race leaves it behind, which readers correct by probing. */
  private async advanceHead(generation: number): Promise<void> {
    try {
      await this.head.replaceOne(
        { _id: 'facts', generation: { $lt: generation } },
        { generation },
        { upsert: true },
      );
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }

  /** Compacts the partitions an import touched when they hold too many small blocks. */
  private async compactIfFragmented(partitions: ReadonlySet<string>): Promise<void> {
    const manifest = await this.current();
    const small = new Map<string, number>();
    for (const entry of manifest.blocks) {
      const key = `${entry.kind} ${entry.month}`;
      if (partitions.has(key) && entry.live < BLOCK_ROWS / 4) small.set(key, (small.get(key) ?? 0) + 1);
    }
    const fragmented = new Set(
      [...small].filter(([, count]) => count > SMALL_BLOCKS_PER_PARTITION).map(([key]) => key),
    );
    if (fragmented.size > 0) await this.compact(fragmented);
  }
}

/** Binary order of ids, as MongoDB sorts `_id` strings (the same as JS for ids without surrogates). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: readonly string[], id: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function upperBound(sorted: readonly string[], id: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= id) low = middle + 1;
    else high = middle;
  }
  return low;
}

function addTo(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The manifest entry of a freshly written block. */
function entryOf(block: FactBlockDocument): BlockEntry {
  return {
    id: block._id,
    kind: block.kind,
    month: block.month,
    firstDay: block.firstDay,
    lastDay: block.lastDay,
    rows: block.rows,
    live: block.rows,
    format: block.format,
  };
}

/** The dead rows of an entry. */
export function deadRows(entry: BlockEntry): Set<number> {
  if (!entry.dead) return new Set();
  const bytes = entry.dead.buffer.subarray(0, entry.dead.length());
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows = new Set<number>();
  for (let at = 0; at < bytes.byteLength; at += 4) rows.add(view.getInt32(at, true));
  return rows;
}

/** The entries with more rows marked dead (by slot). */
function withDead(entries: readonly BlockEntry[], dead: ReadonlyMap<number, number[]>): BlockEntry[] {
  return entries.map((entry, slot) => {
    const more = dead.get(slot);
    if (!more) return entry;
    const rows = [...new Set([...deadRows(entry), ...more])].sort((a, b) => a - b);
    return {
      ...entry,
      live: entry.rows - rows.length,
      dead: new Binary(Buffer.from(Int32Array.from(rows).buffer)),
    };
  });
}

/** Entries a filter can match by kind and day range. */
export function candidates(manifest: FactManifest, filter: FactFilter): BlockEntry[] {
  const kinds = filter.kinds ? new Set<string>(filter.kinds) : undefined;
  return manifest.blocks.filter(
    (entry) =>
      entry.live > 0 &&
      (!kinds || kinds.has(entry.kind)) &&
      (filter.from === undefined || entry.lastDay >= filter.from) &&
      (filter.to === undefined || entry.firstDay <= filter.to),
  );
}

/** Current rows of a block in the day range and on the account. */
function matchingRows(
  block: DecodedBlock,
  entry: BlockEntry,
  accountId: string | undefined,
  from: number | undefined,
  to: number | undefined,
): Int32Array {
  const dead = deadRows(entry);
  const account = accountId === undefined ? undefined : block.accountDictionary.indexOf(accountId);
  if (account === -1) return new Int32Array(0);
  const rows = new Int32Array(block.rows);
  let count = 0;
  for (let row = 0; row < block.rows; row++) {
    const day = block.days[row]!;
    if (from !== undefined && day < from) continue;
    if (to !== undefined && day > to) continue;
    if (account !== undefined && block.accounts[row] !== account) continue;
    if (dead.size > 0 && dead.has(row)) continue;
    rows[count++] = row;
  }
  return rows.subarray(0, count);
}

/** The fields a reader needs: the base columns and only the named kind fields (not the row hashes, which only imports compare). */
export function blockProjection(fields: ReadonlySet<string>): Record<string, 1> {
  const projection: Record<string, 1> = {
    // Layout 2: the one column set (FerretDB reads a whole document whatever the projection).
    columns: 1,
    fieldTypes: 1,
    // Layout 1: each column on its own.
    format: 1,
    kind: 1,
    rows: 1,
    ids: 1,
    idEnds: 1,
    days: 1,
    accounts: 1,
    accountDictionary: 1,
    currencies: 1,
    currencyDictionary: 1,
    creditEnds: 1,
    creditParticipants: 1,
    participantDictionary: 1,
    creditShares: 1,
    attributes: 1,
    attributeDictionary: 1,
  };
  for (const field of fields) projection[`fields.${field}`] = 1;
  return projection;
}
