import { readFileSync } from 'node:fs';
import { BLOCK_FORMAT } from '../repositories/fact-blocks.js';

/** What the first entry of an archive says it is. */
export const ARCHIVE_KIND = 'attain-dataset';
/** The layout of the archive itself (entries, manifest fields, NDJSON as canonical Extended JSON). */
export const ARCHIVE_FORMAT_VERSION = 1;
/** The archive's first entry. */
export const MANIFEST_ENTRY = 'manifest.json';

/** One collection as the archive holds it. */
export interface ArchivedCollection {
  name: string;
  /** The tar entry: `collections/<name>.ndjson`, one document a line. */
  entry: string;
  documents: number;
  bytes: number;
  /** sha256 of the entry's bytes, hex. */
  sha256: string;
}

/** The manifest: what the archive holds and what wrote it. */
export interface ArchiveManifest {
  kind: typeof ARCHIVE_KIND;
  formatVersion: number;
  exportedAt: string;
  source: {
    app: string;
    appVersion: string;
    /** The layout of the fact blocks (fact-blocks.ts BLOCK_FORMAT) the source wrote. */
    factBlockFormat: number;
    database: string;
  };
  collections: ArchivedCollection[];
}

/** The API package's name and version, as the manifest records its writer. */
export function appVersion(): { app: string; appVersion: string } {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return { app: pkg.name, appVersion: pkg.version };
}

/** The entry name of a collection. */
export function entryOf(collection: string): string {
  return `collections/${collection}.ndjson`;
}

export { BLOCK_FORMAT };
