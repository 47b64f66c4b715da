import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ARMOR_LIMITS } from './use-armor.js';

/**
 * Deepest nesting of `{`, `[` and `(` a query document may have. The field depth limit (12)
 * needs about 30 with arguments and list values; graphql-js parses nesting by recursion, so a
 * document nested far deeper than this would overflow the stack before any other limit looks.
 */
export const MAX_QUERY_NESTING = 64;

/** The code of every error about the size or shape of the query document (docs/api.md). */
export const QUERY_LIMIT_CODE = 'QUERY_LIMIT_EXCEEDED';

const OPENERS = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSERS = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

function limitError(message: string): GraphQLError {
  return new GraphQLError(`Syntax Error: ${message}`, {
    extensions: { code: QUERY_LIMIT_CODE, http: { status: 400 } },
  });
}

/**
 * Counts the tokens and the nesting of a document with graphql's lexer, which is a loop, and
 * throws at the first token over a limit: nothing recursive runs on an oversized document.
 */
export function checkQueryShape(source: string | Source): void {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let tokens = 0;
  let nesting = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    tokens += 1;
    if (tokens > ARMOR_LIMITS.maxTokens)
      throw limitError(`Token limit of ${ARMOR_LIMITS.maxTokens} exceeded.`);
    if (OPENERS.has(token.kind)) {
      nesting += 1;
      if (nesting > MAX_QUERY_NESTING) {
        throw limitError(
          `Nesting limit of ${MAX_QUERY_NESTING} exceeded at line ${token.line}, column ${token.column}.`,
        );
      }
    } else if (CLOSERS.has(token.kind)) {
      nesting -= 1;
    }
  }
}

/**
 * Checks the token count and nesting before the document is parsed (and before GraphQL Armor's
 * limits, which walk the parsed document). Must come after useArmor in the plugin list, so its
 * parse function is the one that runs first.
 */
export function useQueryLimits(): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        checkQueryShape(source);
        return parseFn(source, options);
      });
    },
  };
}
