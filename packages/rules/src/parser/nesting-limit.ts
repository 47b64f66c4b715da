import type { IToken, TokenType } from 'chevrotain';
import type { Diagnostic } from '../diagnostics.js';
import { tokenRange } from './ast-builder.js';
import * as t from './tokens.js';

/** Deepest nesting of parentheses (and signs) one expression may have; real plans use a few. */
export const MAX_EXPRESSION_NESTING = 32;

/** Most operators one declaration may chain; a real declaration has a handful. */
export const MAX_DECLARATION_OPERATORS = 1_000;

const OPERATORS = new Set<TokenType>([t.PlusSign, t.MinusSign, t.Times, t.Divide, t.Of, t.And, t.Or]);
/** Tokens that start a declaration: an operator chain never runs across one. */
const DECLARATION_STARTS = new Set<TokenType>([
  t.Measure,
  t.Component,
  t.When,
  t.Multiply,
  t.Cap,
  t.ClawBack,
  t.Example,
]);

/**
 * A pass over the tokens, before the parser: the parser, the AST builder and the checker walk
 * expressions by recursion, so text nested thousands deep (parentheses, or a flood of minus
 * signs) or chaining tens of thousands of operators would overflow the stack or stall the
 * server. Returns the diagnostic for the first token over a limit, or null.
 */
export function checkNesting(tokens: readonly IToken[]): Diagnostic | null {
  let parens = 0;
  let signs = 0;
  let operators = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === t.LeftParen) parens += 1;
    else if (type === t.RightParen) parens = Math.max(0, parens - 1);
    signs = type === t.MinusSign ? signs + 1 : 0;
    if (parens + signs > MAX_EXPRESSION_NESTING) {
      return {
        severity: 'error',
        code: 'NESTED_TOO_DEEPLY',
        message: `This expression is nested more than ${MAX_EXPRESSION_NESTING} levels deep (parentheses or signs). Split it into measures, one per part.`,
        range: tokenRange(token),
      };
    }
    if (DECLARATION_STARTS.has(type)) operators = 0;
    else if (OPERATORS.has(type)) operators += 1;
    if (operators > MAX_DECLARATION_OPERATORS) {
      return {
        severity: 'error',
        code: 'EXPRESSION_TOO_LONG',
        message: `This declaration chains more than ${MAX_DECLARATION_OPERATORS.toLocaleString('en-US')} operators. Split it into measures, one per part.`,
        range: tokenRange(token),
      };
    }
  }
  return null;
}
