import { print } from '@0no-co/graphql.web';
import { initGraphQLTada, type TadaDocumentNode } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/** Typed GraphQL documents: result and variable types come from apps/api/schema.graphql. */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Day: string; MinorUnits: number; Attributes: Record<string, unknown> };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';

/** An error the API answered with: its `extensions.code` and message, for a person to read. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Sends one operation to /graphql with the key, and returns its data or throws an ApiError. */
export async function request<Result, Variables>(
  key: string,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${key}`,
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    throw new ApiError('The API cannot be reached. Check that it is running, then try again.', 'NETWORK', 0);
  }
  let body: GraphQLBody<Result>;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      `The API answered HTTP ${response.status} without a GraphQL result.`,
      'BAD_RESPONSE',
      response.status,
    );
  }
  return dataOf(body, response.status);
}

interface GraphQLBody<Result> {
  data?: Result | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function dataOf<Result>(body: GraphQLBody<Result>, status: number): Result {
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR', status);
  if (!body.data) throw new ApiError('The API answered with no data.', 'BAD_RESPONSE', status);
  return body.data;
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

/**
 * As `request`, over XMLHttpRequest, which (unlike fetch) reports how much of a large body has
 * been sent: `onUploaded(sent, total)` in bytes. Every error of a refused request is kept
 * (ApiErrors), since an import's refused variables name one record each.
 */
export function requestWithUploadProgress<Result, Variables>(
  key: string,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  onUploaded: (sent: number, total: number) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/graphql');
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept', 'application/graphql-response+json, application/json');
    xhr.setRequestHeader('authorization', `Bearer ${key}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onUploaded(event.loaded, event.total);
    };
    xhr.onerror = () =>
      reject(
        new ApiError('The API cannot be reached. Check that it is running, then try again.', 'NETWORK', 0),
      );
    xhr.onload = () => {
      let body: GraphQLBody<Result>;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        reject(
          new ApiError(
            `The API answered HTTP ${xhr.status} without a GraphQL result.`,
            'BAD_RESPONSE',
            xhr.status,
          ),
        );
        return;
      }
      if (body.errors?.length && !body.data) {
        reject(
          new ApiErrors(
            body.errors.map((error) => ({ message: error.message, code: error.extensions?.code ?? 'ERROR' })),
            xhr.status,
          ),
        );
        return;
      }
      try {
        resolve(dataOf(body, xhr.status));
      } catch (error) {
        reject(error);
      }
    };
    xhr.send(JSON.stringify({ query: print(document), variables }));
  });
}
