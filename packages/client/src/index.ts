/**
 * @attain/client: the operations Attain's front ends send, typed from apps/api/schema.graphql by
 * gql.tada, the fragments they share, and a fetch transport. No Node API: it runs in a browser.
 */
export * from './fragments.js';
export {
  type FragmentOf,
  graphql,
  type ResultOf,
  type TadaDocumentNode,
  type VariablesOf,
} from './graphql.js';
export * from './operations/index.js';
export {
  ApiError,
  ApiErrors,
  dataOf,
  documentText,
  type GraphQLBody,
  type RequestOptions,
  request,
  requestBody,
  requestHeaders,
  sha256Hex,
} from './request.js';
