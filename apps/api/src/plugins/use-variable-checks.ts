import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { QUERY_LIMIT_CODE } from './use-query-limits.js';

/** Deepest nesting of lists and objects in the variables; an import record needs four. */
export const MAX_VARIABLE_NESTING = 32;

/** "$records[3].name" for the path of a value inside the variables. */
function pathText(path: readonly (string | number)[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? `$${part}` : `.${part}`))
    .join('');
}

/** The position of the first lone UTF-16 surrogate in `text`, or -1. */
function loneSurrogateAt(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
      else return index;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return index;
    }
  }
  return -1;
}

/**
 * Refuses a number JSON could not carry as sent. JSON.parse reads 1e309 as Infinity and
 * 9007199254740993 as ...992, so repeating the value read would misquote the client ("got null",
 * "got 9007199254740992"): the message says what is wrong without echoing it. No field of this
 * API takes a number beyond 2^53 - 1 (money is whole minor units up to that).
 */
function refuseNumber(path: string, value: number): void {
  const problem = !Number.isFinite(value)
    ? 'is too large for a JSON number (beyond about 1.8e308, like 1e309), so it could not be read'
    : Math.abs(value) > Number.MAX_SAFE_INTEGER
      ? 'is beyond 9,007,199,254,740,991 (2^53 - 1), the largest whole number a JSON number carries exactly, so it could not be read as sent'
      : null;
  if (problem === null) return;
  throw new GraphQLError(
    `The number at ${path} ${problem}. No field takes a number that large: money is whole minor units up to 9,007,199,254,740,991.`,
    { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
  );
}

/**
 * Walks the variables with an explicit stack (they may be nested deeper than recursion could
 * follow) and throws at the first value nested too deep, or the first string or object key that
 * is not valid Unicode. A lone surrogate cannot be stored as UTF-8: the database would replace
 * it with U+FFFD, silently changing the data, so it is refused instead.
 */
export function checkVariables(variables: Record<string, unknown>): void {
  // Each entry points at its parent rather than copying a path: a 100,000-record import holds
  // a million values, and the path is only needed for the error.
  interface Entry {
    value: unknown;
    key: string | number;
    parent: Entry | null;
    depth: number;
  }
  const pathOf = (entry: Entry | null): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let at = entry; at; at = at.parent) path.unshift(at.key);
    return path;
  };
  const refuseText = (entry: Entry, text: string, what: string) => {
    const at = loneSurrogateAt(text);
    if (at < 0) return;
    const unit = text.charCodeAt(at).toString(16);
    throw new GraphQLError(
      `${what} at ${pathText(pathOf(entry))} holds a lone UTF-16 surrogate (\\u${unit} at character ${at + 1}), which is not valid Unicode and cannot be stored as it is. Send the text as valid Unicode.`,
      { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
    );
  };
  const stack: Entry[] = Object.entries(variables).map(([name, value]) => ({
    value,
    key: name,
    parent: null,
    depth: 1,
  }));
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { value, depth } = entry;
    if (typeof value === 'string') {
      refuseText(entry, value, 'The text');
      continue;
    }
    if (typeof value === 'number') {
      refuseNumber(pathText(pathOf(entry)), value);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_VARIABLE_NESTING) {
      throw new GraphQLError(
        `The variables are nested more than ${MAX_VARIABLE_NESTING} levels deep at ${pathText(pathOf(entry).slice(0, 3))}...`,
        { extensions: { code: QUERY_LIMIT_CODE, http: { status: 400 } } },
      );
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        stack.push({ value: value[index], key: index, parent: entry, depth: depth + 1 });
      }
    } else {
      for (const [key, inner] of Object.entries(value)) {
        const child = { value: inner, key, parent: entry, depth: depth + 1 };
        refuseText(child, key, 'The name');
        stack.push(child);
      }
    }
  }
}

/** Checks the variables of every operation before they are coerced (see checkVariables). */
export function useVariableChecks(): Plugin {
  return {
    onParams({ params }) {
      if (params.variables && typeof params.variables === 'object') {
        checkVariables(params.variables as Record<string, unknown>);
      }
    },
  };
}
