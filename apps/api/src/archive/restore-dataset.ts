import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { BSON, type Db, type Document, MongoBulkWriteError, MongoServerError } from 'mongodb';
import { AppError } from '../errors.js';
import { ensureAllIndexes } from '../repositories/index.js';
import { archivedCollections, fromArchived, STAGING_PREFIX } from './collections.js';
import type { ArchiveProgress } from './export-dataset.js';
import {
  ARCHIVE_FORMAT_VERSION,
  ARCHIVE_KIND,
  type ArchivedCollection,
  type ArchiveManifest,
  BLOCK_FORMAT,
  MANIFEST_ENTRY,
} from './manifest.js';
import { readTar, TarFormatError } from './tar.js';

/** A restore refused or stopped before it changed the database; `code` says why. */
export class RestoreError extends AppError {
  override name = 'RestoreError';
}

export interface RestoreOptions {
  /** Replace a database that holds data: every collection is dropped and the archive's put in place. */
  force?: boolean;
  onProgress?: (progress: ArchiveProgress & { phase: 'verify' | 'write' }) => void;
  /** The time restored keys are revoked at; now unless a test says otherwise. */
  now?: () => Date;
}

export interface RestoreSummary {
  manifest: ArchiveManifest;
  /** True when --force replaced collections that held documents. */
  replaced: boolean;
  /** Keys of the archive, all revoked now: none of them authenticates in the restored database. */
  keysDisabled: number;
}

/** Documents per insertMany, and bytes of Extended JSON per insertMany, whichever comes first. */
const INSERT_DOCUMENTS = 1_000;
const INSERT_BYTES = 8 << 20;

/**
 * Restores an archive of exportDataset into `db`. It refuses a database that holds documents
 * unless `force` (then the archive replaces all of it), and reads the whole archive once
 * before it writes anything: a damaged, truncated or altered archive is refused with a specific
 * RestoreError and the database is left as it was. It then writes each collection into a
 * staging collection, and only when all are written drops the old collections and renames the
 * staging ones in their place (MongoDB and FerretDB have no multi-collection transaction, so
 * this last step is the only one an interruption can leave half done; docs/backup.md says how
 * to rerun it).
 */
export async function restoreDataset(
  db: Db,
  path: string,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  await assertReadable(path);
  const manifest = await readManifest(path);
  const occupied = await collectionsWithDocuments(db);
  if (occupied.length > 0 && !options.force) throw notEmpty(db, occupied);

  await scanArchive(path, manifest, 'verify', options, () => {});

  let keysDisabled: number;
  try {
    keysDisabled = await stage(db, path, manifest, options);
  } catch (error) {
    // Nothing reads staging collections; drop them now rather than leave them to the next restore.
    await dropStaging(db).catch(() => {});
    if (
      error instanceof RestoreError ||
      !(error instanceof MongoServerError || error instanceof MongoBulkWriteError)
    ) {
      throw error;
    }
    throw new RestoreError(
      'RESTORE_WRITE_FAILED',
      `The database refused a document of the archive (${error.message}); nothing was replaced. An archive written by the export command does not do that: check that ${path} is one, unedited.`,
    );
  }

  // The swap: from here an interruption leaves some collections restored and others not.
  const replacedNow = await collectionsWithDocuments(db);
  if (replacedNow.length > 0 && !options.force) {
    // Someone wrote to the database while the archive was staged.
    await dropStaging(db);
    throw notEmpty(db, replacedNow);
  }
  const existing = archivedCollections(await collectionNames(db));
  for (const name of existing) await db.collection(name).drop();
  for (const collection of manifest.collections) {
    await db.renameCollection(STAGING_PREFIX + collection.name, collection.name);
  }
  await ensureAllIndexes(db);
  return { manifest, replaced: occupied.length > 0, keysDisabled };
}

async function assertReadable(path: string): Promise<void> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new Error('not a file');
  } catch {
    throw new RestoreError(
      'ARCHIVE_NOT_FOUND',
      `No archive at ${path}. Give the path of a file written by the export command.`,
    );
  }
}

/** The archive's bytes, unzipped; a gzip error is turned into a RestoreError by `scan`. */
function unzipped(path: string): AsyncIterable<Buffer> {
  const gunzip = createGunzip();
  pipeline(createReadStream(path), gunzip).catch(() => {
    // The error reaches the reader through gunzip itself.
  });
  return gunzip;
}

function damaged(path: string, error: unknown): RestoreError {
  if (error instanceof RestoreError) return error;
  const code = (error as { code?: string }).code;
  if (error instanceof TarFormatError) {
    const truncated = error.message.startsWith('the archive ends');
    return new RestoreError(
      truncated ? 'ARCHIVE_TRUNCATED' : 'ARCHIVE_CORRUPT',
      `${path} is ${truncated ? 'truncated' : 'damaged'}: ${error.message} (at byte ${error.offset} of the unzipped archive). Nothing was written. Export again, or copy the file again from where it was stored.`,
    );
  }
  if (code === 'Z_BUF_ERROR') {
    return new RestoreError(
      'ARCHIVE_TRUNCATED',
      `${path} is truncated: the gzip stream ends early. Nothing was written. Copy the whole file again, or export again.`,
    );
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new RestoreError(
      'ARCHIVE_CORRUPT',
      `${path} is not a readable gzip file (${(error as Error).message}). Nothing was written. Give a .tar.gz written by the export command.`,
    );
  }
  throw error;
}

async function readManifest(path: string): Promise<ArchiveManifest> {
  let text: string | null = null;
  try {
    const chunks: Buffer[] = [];
    for await (const event of readTar(unzipped(path))) {
      if (event.type === 'entry' && event.name !== MANIFEST_ENTRY) break;
      if (event.type === 'data') chunks.push(event.chunk);
      if (event.type === 'entryEnd') {
        text = Buffer.concat(chunks).toString('utf8');
        break;
      }
    }
  } catch (error) {
    throw damaged(path, error);
  }
  if (text === null) {
    throw new RestoreError(
      'ARCHIVE_NOT_RECOGNISED',
      `${path} does not start with ${MANIFEST_ENTRY}, so it is not an archive of the export command. Nothing was written.`,
    );
  }
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new RestoreError(
      'ARCHIVE_CORRUPT',
      `${MANIFEST_ENTRY} of ${path} is not valid JSON (${(error as Error).message}). Nothing was written.`,
    );
  }
  if (manifest?.kind !== ARCHIVE_KIND || !Array.isArray(manifest.collections)) {
    throw new RestoreError(
      'ARCHIVE_NOT_RECOGNISED',
      `${MANIFEST_ENTRY} of ${path} is not the manifest of an Attain dataset (kind "${manifest?.kind}"). Nothing was written.`,
    );
  }
  if (manifest.formatVersion !== ARCHIVE_FORMAT_VERSION) {
    throw new RestoreError(
      'ARCHIVE_VERSION_UNSUPPORTED',
      `${path} is in archive format ${manifest.formatVersion}; this version of Attain reads format ${ARCHIVE_FORMAT_VERSION}. Nothing was written. Restore it with the Attain version that wrote it (${manifest.source?.appVersion}).`,
    );
  }
  if ((manifest.source?.factBlockFormat ?? 0) > BLOCK_FORMAT) {
    throw new RestoreError(
      'ARCHIVE_VERSION_UNSUPPORTED',
      `${path} holds fact blocks of layout ${manifest.source.factBlockFormat}; this version of Attain reads layouts up to ${BLOCK_FORMAT}. Nothing was written. Restore it with a newer Attain.`,
    );
  }
  return manifest;
}

/** Writes the archive's collections into staging collections and checks their counts; returns the keys revoked. */
async function stage(
  db: Db,
  path: string,
  manifest: ArchiveManifest,
  options: RestoreOptions,
): Promise<number> {
  await dropStaging(db);
  const restoredAt = options.now?.() ?? new Date();
  let keysDisabled = 0;
  for (const collection of manifest.collections) {
    await db.createCollection(STAGING_PREFIX + collection.name);
  }
  let batch: { collection: string; documents: Document[]; bytes: number } | null = null;
  const flush = async () => {
    if (!batch || batch.documents.length === 0) return;
    await db.collection(STAGING_PREFIX + batch.collection).insertMany(batch.documents, { ordered: false });
    batch.documents = [];
    batch.bytes = 0;
  };
  await scanArchive(
    path,
    manifest,
    'write',
    options,
    async (collection, document, lineBytes) => {
      if (batch?.collection !== collection) {
        await flush();
        batch = { collection, documents: [], bytes: 0 };
      }
      const restored = fromArchived(collection, document, restoredAt);
      if (restored !== document) keysDisabled += 1;
      batch.documents.push(restored);
      batch.bytes += lineBytes;
      if (batch.documents.length >= INSERT_DOCUMENTS || batch.bytes >= INSERT_BYTES) await flush();
    },
    flush,
  );
  for (const collection of manifest.collections) {
    const staged = await db.collection(STAGING_PREFIX + collection.name).countDocuments({});
    if (staged !== collection.documents) {
      throw new RestoreError(
        'RESTORE_INCOMPLETE',
        `The database took ${staged} of the ${collection.documents} documents of ${collection.name}; nothing was replaced. Run the restore again.`,
      );
    }
  }
  return keysDisabled;
}

/**
 * Reads every collection entry of the archive, checks each against the manifest (its entry is
 * there, in order, with the stated count, bytes and sha256, each line a document) and hands each
 * document to `take`. In the `verify` pass the checks run to the end before the caller writes.
 */
async function scanArchive(
  path: string,
  manifest: ArchiveManifest,
  phase: 'verify' | 'write',
  options: RestoreOptions,
  take: (collection: string, document: Document, lineBytes: number) => void | Promise<void>,
  endEntry: () => Promise<void> = async () => {},
): Promise<void> {
  const expected = new Map(manifest.collections.map((collection) => [collection.entry, collection]));
  const seen = new Set<string>();
  let current: {
    collection: ArchivedCollection;
    hash: ReturnType<typeof createHash>;
    documents: number;
  } | null = null;
  // The start of a line not yet ended, in pieces: a fact block's line spans many chunks.
  let rest: Buffer[] = [];
  const line = async (bytes: Buffer) => {
    if (!current) return;
    const record = current.documents + 1;
    let document: Document;
    try {
      document = BSON.EJSON.parse(bytes.toString('utf8'), { relaxed: false }) as Document;
    } catch (error) {
      throw new RestoreError(
        'ARCHIVE_CORRUPT',
        `Record ${record} of ${current.collection.entry} in ${path} is not a document (${(error as Error).message}). Nothing was written.`,
      );
    }
    current.documents = record;
    await take(current.collection.name, document, bytes.length);
    if (record % 1_000 === 0 && record < current.collection.documents) {
      options.onProgress?.({
        phase,
        collection: current.collection.name,
        done: record,
        total: current.collection.documents,
      });
    }
  };
  try {
    for await (const event of readTar(unzipped(path))) {
      if (event.type === 'entry') {
        if (event.name === MANIFEST_ENTRY) continue;
        const collection = expected.get(event.name);
        if (!collection) {
          throw new RestoreError(
            'ARCHIVE_CORRUPT',
            `${path} holds ${event.name}, which its manifest does not list. Nothing was written.`,
          );
        }
        seen.add(event.name);
        current = { collection, hash: createHash('sha256'), documents: 0 };
        rest = [];
      } else if (event.type === 'data') {
        if (!current) continue;
        current.hash.update(event.chunk);
        let data = event.chunk;
        let newline = data.indexOf(10);
        while (newline !== -1) {
          const head = data.subarray(0, newline);
          await line(rest.length === 0 ? head : Buffer.concat([...rest, head]));
          rest = [];
          data = data.subarray(newline + 1);
          newline = data.indexOf(10);
        }
        // A copy: the reader may reuse the chunk's memory.
        if (data.length > 0) rest.push(Buffer.from(data));
      } else if (current) {
        if (rest.length > 0) await line(Buffer.concat(rest));
        checkEntry(path, current.collection, current.hash.digest('hex'), current.documents);
        await endEntry();
        options.onProgress?.({
          phase,
          collection: current.collection.name,
          done: current.documents,
          total: current.collection.documents,
        });
        current = null;
      }
    }
  } catch (error) {
    throw damaged(path, error);
  }
  const missing = manifest.collections.filter((collection) => !seen.has(collection.entry));
  if (missing.length > 0) {
    throw new RestoreError(
      'ARCHIVE_TRUNCATED',
      `${path} lacks ${missing.map((collection) => collection.entry).join(', ')}, which its manifest lists. Nothing was written.`,
    );
  }
}

function checkEntry(path: string, collection: ArchivedCollection, sha256: string, documents: number): void {
  if (sha256 !== collection.sha256) {
    throw new RestoreError(
      'ARCHIVE_CHECKSUM_MISMATCH',
      `${collection.entry} in ${path} does not have the sha256 its manifest states (${sha256.slice(0, 12)}... instead of ${collection.sha256.slice(0, 12)}...): the file was changed or damaged after the export. Nothing was written.`,
    );
  }
  if (documents !== collection.documents) {
    throw new RestoreError(
      'ARCHIVE_COUNT_MISMATCH',
      `${collection.entry} in ${path} holds ${documents} documents; its manifest states ${collection.documents}. Nothing was written.`,
    );
  }
}

async function collectionNames(db: Db): Promise<string[]> {
  return (await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name);
}

async function collectionsWithDocuments(db: Db): Promise<{ name: string; documents: number }[]> {
  const found: { name: string; documents: number }[] = [];
  for (const name of archivedCollections(await collectionNames(db))) {
    const documents = await db.collection(name).estimatedDocumentCount();
    if (documents > 0) found.push({ name, documents });
  }
  return found;
}

async function dropStaging(db: Db): Promise<void> {
  for (const name of await collectionNames(db)) {
    if (name.startsWith(STAGING_PREFIX)) await db.collection(name).drop();
  }
}

function notEmpty(db: Db, occupied: { name: string; documents: number }[]): RestoreError {
  const listed = occupied
    .slice(0, 3)
    .map(({ name, documents }) => `${name}: ${documents}`)
    .join(', ');
  const more = occupied.length > 3 ? ` and ${occupied.length - 3} more collections` : '';
  return new RestoreError(
    'DATABASE_NOT_EMPTY',
    `Database "${db.databaseName}" already holds data (${listed}${more}), so nothing was restored. Restore into an empty database (MONGODB_DB=<new name>, or another ATTAIN_DATA_DIR), or add --force to replace all of its data with the archive's.`,
  );
}
