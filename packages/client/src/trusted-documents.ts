import type { TadaDocumentNode } from './graphql.js';
import * as operations from './operations/index.js';
import { documentText, sha256Hex } from './request.js';

/** One operation of the client: its export name, its GraphQL name and kind, and the text it is sent as. */
export interface ClientOperation {
  exportName: string;
  document: TadaDocumentNode<unknown, unknown>;
  name: string;
  kind: 'query' | 'mutation' | 'subscription';
  text: string;
}

/** Every operation the client exports, in export-name order, with the text `request` sends. */
export function clientOperations(): ClientOperation[] {
  return Object.entries(operations as Record<string, TadaDocumentNode<unknown, unknown>>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([exportName, document]) => {
      const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
      if (operation?.kind !== 'OperationDefinition' || !operation.name) {
        throw new Error(`${exportName} is not a named operation`);
      }
      return {
        exportName,
        document,
        name: operation.name.value,
        kind: operation.operation,
        text: documentText(document),
      };
    });
}

/**
 * The trusted-documents manifest for ATTAIN_TRUSTED_DOCUMENTS: `{ "<sha256 hex>": "<text>" }` for
 * every operation of the client, the format the API reads and checks at start-up.
 */
export async function trustedDocuments(): Promise<Record<string, string>> {
  const manifest: Record<string, string> = {};
  for (const { text } of clientOperations()) manifest[await sha256Hex(text)] = text;
  return manifest;
}
