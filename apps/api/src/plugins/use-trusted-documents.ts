import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';

/** The operations front ends registered (trusted documents), by the sha256 hex of each document. */
export interface TrustedDocuments {
  documents: ReadonlyMap<string, string>;
  /** True: refuse any operation not registered (production); false: registered ones by hash, and any other. */
  only: boolean;
}

/** The sha256 hex of a document, the key a client sends as extensions.persistedQuery.sha256Hash. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/**
 * Reads a manifest `{ "<sha256 hex>": "<document>", ... }` (the format gql.tada and GraphQL Code
 * Generator write) and checks that each key is its document's hash, so a stale manifest is found
 * at start-up, not by a client.
 */
export function readTrustedDocuments(path: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    if (typeof document !== 'string' || documentHash(document) !== hash) {
      throw new Error(
        `${path}: the entry ${hash.slice(0, 12)}... is not the sha256 of its document; regenerate the manifest.`,
      );
    }
    documents.set(hash, document);
  }
  return documents;
}

const failure = (code: string, message: string) => ({ message, extensions: { code, http: { status: 400 } } });

/** Runs registered operations sent by hash and, in `only` mode, refuses every other operation. */
export function useTrustedDocuments({ documents, only }: TrustedDocuments): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    allowArbitraryOperations: !only,
    customErrors: {
      notFound: failure(
        'PERSISTED_QUERY_NOT_FOUND',
        'No registered operation has this sha256Hash: register the document in the manifest (ATTAIN_TRUSTED_DOCUMENTS) and restart the server.',
      ),
      persistedQueryOnly: failure(
        'PERSISTED_QUERY_ONLY',
        'This server runs only registered operations (ATTAIN_TRUSTED_DOCUMENTS_ONLY): send extensions.persistedQuery { version: 1, sha256Hash } of a registered document instead of a query.',
      ),
      keyNotFound: failure(
        'PERSISTED_QUERY_ID_REQUIRED',
        'Send a query, or extensions.persistedQuery { version: 1, sha256Hash } of a registered document.',
      ),
    },
  }) as Plugin;
}
