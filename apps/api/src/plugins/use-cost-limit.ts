import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../db/page.js';
import { QUERY_LIMIT_CODE } from './use-query-limits.js';

/**
 * Most an operation may cost (docs/api.md, "Query cost"). A cost estimates how many values the
 * response holds; 10,000 lets a payroll export read a full page of 100 statements with their
 * lines and explanations, while pages nested in pages (100 runs x 100 statements) stay refused.
 */
export const MAX_QUERY_COST = 10_000;

/** Introspection is bounded by the schema, not by data; GraphiQL's own query would cost thousands. */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * How many items a connection field returns at most: `first` or `last` as written (at most a
 * page), a page when the size is a variable (validation runs once per document, before any
 * variables are known), the default page when neither is given. Null for a field without paging.
 */
function pageSize(
  field: GraphQLField<unknown, unknown>,
  args: readonly { name: { value: string }; value: ValueNode }[],
) {
  if (!field.args.some((arg) => arg.name === 'first')) return null;
  const size = args.find((arg) => arg.name.value === 'first' || arg.name.value === 'last')?.value;
  if (size === undefined || size.kind === Kind.NULL) return DEFAULT_PAGE_SIZE;
  if (size.kind === Kind.INT) return Math.min(Math.max(Number(size.value), 1), MAX_PAGE_SIZE);
  return MAX_PAGE_SIZE;
}

/**
 * The cost of one operation: a scalar costs 1, an object 1 plus its selections, and a connection
 * that plus its selections times its page size. Lists without paging (a statement's lines, an
 * explanation's children) count once: their length follows the stored data, not the query.
 * Fragments count as if written out; a union's alternatives are all counted, an upper bound.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): number {
  const inFragment = new Set<string>();
  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += isCompositeType(type) ? costOf(selection.selectionSet, type) : 0;
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment that spreads itself is refused by validation; here it only must not loop.
        if (!fragment || inFragment.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        inFragment.add(name);
        cost += isCompositeType(type) ? costOf(fragment.selectionSet, type) : 0;
        inFragment.delete(name);
      } else {
        const name = selection.name.value;
        if (INTROSPECTION_FIELDS.has(name)) continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (!selection.selectionSet || !field) {
          cost += 1;
          continue;
        }
        const type = getNamedType(field.type);
        const children = isCompositeType(type) ? costOf(selection.selectionSet, type) : 0;
        cost += (1 + children) * (pageSize(field, selection.arguments ?? []) ?? 1);
      }
    }
    return cost;
  };
  const root = schema.getRootType(operation.operation);
  return root ? costOf(operation.selectionSet, root) : 0;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** The cost of each operation of a document, by operation name ('' for an anonymous one). */
export function documentCosts(schema: GraphQLSchema, document: DocumentNode): Map<string, number> {
  const fragments = fragmentsOf(document);
  const costs = new Map<string, number>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      costs.set(definition.name?.value ?? '', operationCost(schema, definition, fragments));
    }
  }
  return costs;
}

const format = (value: number) => value.toLocaleString('en-US');

/** A validation rule refusing each operation that costs more than MAX_QUERY_COST. */
function costLimitRule(context: ValidationContext): ASTVisitor {
  const fragments = fragmentsOf(context.getDocument());
  return {
    OperationDefinition(operation) {
      const cost = operationCost(context.getSchema(), operation, fragments);
      if (cost <= MAX_QUERY_COST) return;
      context.reportError(
        new GraphQLError(
          `Query cost limit of ${format(MAX_QUERY_COST)} exceeded, found ${format(cost)}: ask for smaller pages (first/last) in nested connections, or split the query (docs/api.md, "Query cost").`,
          { nodes: [operation], extensions: { code: QUERY_LIMIT_CODE } },
        ),
      );
    },
  };
}

/** Refuses operations over MAX_QUERY_COST before they run (validation results are cached per document). */
export function useCostLimit(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(costLimitRule);
    },
  };
}
