import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Typed GraphQL documents: result and variable types come from apps/api/schema.graphql. Fragments
 * are not masked: a query's result type has the fragment's fields in place, as the API sends them.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Day: string; MinorUnits: number; Attributes: Record<string, unknown> };
  disableMasking: true;
}>();

export type { FragmentOf, ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
