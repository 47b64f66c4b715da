import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { BSON, type Db } from 'mongodb';
import { AppError } from '../errors.js';
import { archivedCollections, COLLECTION_POLICIES, toArchived } from './collections.js';
import {
  ARCHIVE_FORMAT_VERSION,
  ARCHIVE_KIND,
  type ArchivedCollection,
  type ArchiveManifest,
  appVersion,
  BLOCK_FORMAT,
  entryOf,
  MANIFEST_ENTRY,
} from './manifest.js';
import { tarEnd, tarHeader, tarPadding } from './tar.js';

/** Where an export or restore is: documents of one collection done out of its total. */
export interface ArchiveProgress {
  collection: string;
  done: number;
  total: number;
}

export interface ExportOptions {
  onProgress?: (progress: ArchiveProgress) => void;
  /** Called once per collection when it is written. */
  onCollection?: (collection: ArchivedCollection) => void;
  /** Collections found that COLLECTION_POLICIES does not list (copied as stored all the same). */
  onUnlisted?: (collection: string) => void;
}

/** Buffered bytes per write to a collection's temporary file. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes every collection of `db` into one gzipped tar at `path`: manifest.json first (format
 * version, the writer, counts and sha256 per collection), then `collections/<name>.ndjson`, one
 * document a line as canonical Extended JSON so that 64-bit integers, dates and binary columns
 * come back as the same BSON types. Collections are written to a temporary directory first, as
 * a tar header states its entry's size; the archive appears at `path` only when complete.
 */
export async function exportDataset(
  db: Db,
  path: string,
  options: ExportOptions = {},
): Promise<ArchiveManifest> {
  const names = archivedCollections(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name),
  );
  const work = await mkdtemp(join(tmpdir(), 'attain-export-'));
  try {
    const collections: ArchivedCollection[] = [];
    for (const name of names) {
      if (!COLLECTION_POLICIES[name]) options.onUnlisted?.(name);
      const written = await writeCollection(db, name, join(work, `${name}.ndjson`), options);
      collections.push(written);
      options.onCollection?.(written);
    }
    const manifest: ArchiveManifest = {
      kind: ARCHIVE_KIND,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      source: { ...appVersion(), factBlockFormat: BLOCK_FORMAT, database: db.databaseName },
      collections,
    };
    const partial = join(dirname(path), `.${Date.now()}.attain-export.partial`);
    try {
      await pipeline(tarEntries(manifest, work), createGzip(), createWriteStream(partial));
      await rename(partial, path);
    } catch (error) {
      // A full disk, a folder that does not exist or may not be written: the person's to fix.
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code !== 'string' || !code.startsWith('E')) throw error;
      throw new AppError(
        'EXPORT_WRITE_FAILED',
        `Could not write the archive ${path} (${code}: ${(error as Error).message}); nothing was written there. Give a path in a folder that exists, may be written and has space.`,
      );
    } finally {
      await rm(partial, { force: true });
    }
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function writeCollection(
  db: Db,
  name: string,
  file: string,
  options: ExportOptions,
): Promise<ArchivedCollection> {
  const collection = db.collection(name);
  const total = await collection.estimatedDocumentCount();
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  let documents = 0;
  let bytes = 0;
  let buffered: string[] = [];
  let bufferedLength = 0;
  const flush = async () => {
    if (buffered.length === 0) return;
    const chunk = Buffer.from(buffered.join(''), 'utf8');
    buffered = [];
    bufferedLength = 0;
    hash.update(chunk);
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  try {
    // promoteValues: false keeps Int32, Int64 and Double apart, so they are restored as stored.
    for await (const document of collection.find({}, { promoteValues: false, promoteBuffers: false })) {
      const line = `${BSON.EJSON.stringify(toArchived(name, document), { relaxed: false })}\n`;
      buffered.push(line);
      bufferedLength += line.length;
      documents += 1;
      if (bufferedLength >= WRITE_CHUNK) {
        await flush();
        options.onProgress?.({ collection: name, done: documents, total: Math.max(total, documents) });
      }
    }
    await flush();
    options.onProgress?.({ collection: name, done: documents, total: Math.max(total, documents) });
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  return { name, entry: entryOf(name), documents, bytes, sha256: hash.digest('hex') };
}

async function* tarEntries(manifest: ArchiveManifest, work: string): AsyncGenerator<Buffer> {
  const modified = new Date(manifest.exportedAt);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  yield tarHeader(MANIFEST_ENTRY, manifestBytes.length, modified);
  yield manifestBytes;
  yield tarPadding(manifestBytes.length);
  for (const collection of manifest.collections) {
    yield tarHeader(collection.entry, collection.bytes, modified);
    for await (const chunk of createReadStream(join(work, `${collection.name}.ndjson`)))
      yield chunk as Buffer;
    yield tarPadding(collection.bytes);
  }
  yield tarEnd();
}
