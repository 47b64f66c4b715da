import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';

/** An error the API answered with: its `extensions.code` and message, for a person to read. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** The HTTP status; 0 when the API could not be reached. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** The errors of a result that has no data (e.g. variables the schema refuses), each with its message. */
export class ApiErrors extends ApiError {
  constructor(
    readonly all: { message: string; code: string }[],
    status: number,
  ) {
    super(all[0]?.message ?? 'The API refused the request.', all[0]?.code ?? 'ERROR', status);
  }
}

/** Where and how a request goes. */
export interface RequestOptions {
  /** The API key, sent as `Authorization: Bearer <key>`; omitted: no header. */
  key?: string;
  /** The GraphQL endpoint; default `/graphql` (the console's own origin). */
  url?: string;
  /**
   * Send only the document's sha256 (`extensions.persistedQuery`), for a server that runs only
   * registered operations (ATTAIN_TRUSTED_DOCUMENTS_ONLY); default false: send the text.
   */
  persisted?: boolean;
  /** The fetch to use; default the global one. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  signal?: AbortSignal;
}

/** A GraphQL response body as the API sends it. */
export interface GraphQLBody<Result> {
  data?: Result | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The text a document is sent as, and registered as in the trusted-documents manifest. */
export const documentText = (document: TadaDocumentNode<unknown, unknown>): string => print(document);

/** The lowercase sha256 hex of a text (Web Crypto, so the same in a browser and in Node). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The JSON body of a request: the text, or with `persisted` only the text's hash. */
export async function requestBody(
  document: TadaDocumentNode<unknown, unknown>,
  variables: unknown,
  persisted = false,
): Promise<string> {
  const text = documentText(document);
  return JSON.stringify(
    persisted
      ? { extensions: { persistedQuery: { version: 1, sha256Hash: await sha256Hex(text) } }, variables }
      : { query: text, variables },
  );
}

/** The request's headers: JSON in, a GraphQL response (or `accept`) out, and the key. */
export function requestHeaders(key: string | undefined, accept?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: accept ?? 'application/graphql-response+json, application/json',
    ...(key ? { authorization: `Bearer ${key}` } : {}),
  };
}

/** Sends one operation and returns its data, or throws an ApiError with the first error's code. */
export async function request<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  options: RequestOptions = {},
): Promise<Result> {
  const send = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await send(options.url ?? '/graphql', {
      method: 'POST',
      headers: requestHeaders(options.key),
      body: await requestBody(document as TadaDocumentNode<unknown, unknown>, variables, options.persisted),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError('The API cannot be reached. Check that it is running, then try again.', 'NETWORK', 0);
  }
  let body: GraphQLBody<Result>;
  try {
    body = (await response.json()) as GraphQLBody<Result>;
  } catch {
    throw new ApiError(
      `The API answered HTTP ${response.status} without a GraphQL result.`,
      'BAD_RESPONSE',
      response.status,
    );
  }
  return dataOf(body, response.status);
}

/** The data of a response body, or an ApiError with its first error. */
export function dataOf<Result>(body: GraphQLBody<Result>, status: number): Result {
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR', status);
  if (!body.data) throw new ApiError('The API answered with no data.', 'BAD_RESPONSE', status);
  return body.data;
}
