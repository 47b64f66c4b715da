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
  let body: { data?: Result | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      `The API answered HTTP ${response.status} without a GraphQL result.`,
      'BAD_RESPONSE',
      response.status,
    );
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR', response.status);
  if (!body.data) throw new ApiError('The API answered with no data.', 'BAD_RESPONSE', response.status);
  return body.data;
}
