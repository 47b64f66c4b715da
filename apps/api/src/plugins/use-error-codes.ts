import type { ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { quoted } from '../errors.js';
import { QUERY_LIMIT_CODE } from './use-query-limits.js';

/** GraphQL Armor's limit messages (depth, aliases, directives, cost): all about the query's size. */
const ARMOR_LIMIT =
  /^Syntax Error: (Query depth limit|Aliases limit|Directives limit|Query Cost limit|Token limit)/;

/**
 * The code of an error that reached the client without one: errors raised by GraphQL itself or
 * by Yoga's plugins, which set none. Our own errors set theirs where they are raised.
 */
export function codeFor(error: GraphQLError): string {
  const { message } = error;
  if (ARMOR_LIMIT.test(message)) return QUERY_LIMIT_CODE;
  if (message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  // Variable coercion ("Variable "$x" got invalid value ...") happens before any resolver.
  if (message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  if (message.startsWith('Required CSRF header')) return 'CSRF_HEADER_REQUIRED';
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  // Request errors (no operation, wrong method, bad JSON) and validation errors carry no path.
  if ((status !== undefined && status >= 400 && status < 500) || !error.path)
    return 'GRAPHQL_VALIDATION_FAILED';
  return 'INTERNAL_SERVER_ERROR';
}

/** A quoted string longer than `quoted` keeps, in a message: graphql-js repeats a bad variable's value whole. */
const LONG_QUOTE = /"((?:[^"\\]|\\.){61,})"/g;

function withCodes(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  // Some data read: a root field with a value. A refused nullable root field alone is null data.
  const partial = Object.values(result.data ?? {}).some((value) => value !== null);
  for (const error of result.errors) {
    const extensions = error.extensions as Record<string, unknown>;
    if (typeof extensions.code !== 'string') extensions.code = codeFor(error);
    // No message repeats a megabyte of what the client sent (an id, a variable's value).
    if (error.message.length > 200)
      error.message = error.message.replace(LONG_QUOTE, (_, text) => quoted(text));
    // GraphQL over HTTP: a response that carries data is a 2xx; a 403 with data made clients
    // such as graphql-request throw away the part they could read. Two statuses stay: 401 (no
    // valid key: nothing can be read, docs/api.md) and 503 (the database is down: retry).
    const status = (extensions.http as { status?: number } | undefined)?.status;
    if (partial && status !== undefined && status !== 401 && status < 500) delete extensions.http;
  }
  return result;
}

/**
 * Every error a client can get carries `extensions.code` (docs/api.md lists them), and a 406
 * (no acceptable media type) answers with a JSON body saying what to accept, not an empty one.
 */
export function useErrorCodes(): Plugin<{ httpStatus?: number }> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          const status = (args.contextValue as { httpStatus?: number }).httpStatus;
          if (status === undefined || isAsyncIterable(result)) return;
          setResult({ ...result, extensions: { ...result.extensions, http: { status } } });
        },
      };
    },
    onResultProcess({ result, setResult, resultProcessor, setResultProcessor, acceptableMediaTypes }) {
      if (Array.isArray(result)) setResult(result.map(withCodes));
      else if (!isAsyncIterable(result)) setResult(withCodes(result as ExecutionResult));
      if (!resultProcessor) {
        const accept = [...new Set(acceptableMediaTypes)];
        setResultProcessor(
          () =>
            new Response(
              JSON.stringify({
                errors: [
                  {
                    message: `None of the media types in the Accept header can be served. Accept one of: ${accept.join(', ')}.`,
                    extensions: { code: 'NOT_ACCEPTABLE' },
                  },
                ],
              }),
              {
                status: 406,
                headers: { 'content-type': 'application/json; charset=utf-8', accept: accept.join(', ') },
              },
            ),
          'application/json',
        );
      }
    },
  };
}
