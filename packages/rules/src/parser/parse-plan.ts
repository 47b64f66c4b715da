import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics.js';
import { closestName, didYouMean, replaceWith } from '../did-you-mean.js';
import { MAX_PLAN_TEXT_LENGTH } from '../limits.js';
import type { PlanNode } from './ast.js';
import { buildPlan, tokenRange } from './ast-builder.js';
import { checkNesting } from './nesting-limit.js';
import { planParser } from './parser.js';
import { allTokens, planLexer } from './tokens.js';

/** The single-word keywords, to suggest one when a misspelt keyword reads as a name. */
const keywordWords = allTokens
  .map((token) =>
    token.PATTERN instanceof RegExp ? token.PATTERN.source.replace('(?![A-Za-z0-9_])', '') : '',
  )
  .filter((source) => /^[a-z]+$/.test(source));

export interface ParseResult {
  /** null only when the text could not be read at all (too long, or no plan header). */
  ast: PlanNode | null;
  diagnostics: Diagnostic[];
  /** Comments with their ranges, for the formatter. */
  comments: IToken[];
}

/** Text -> AST + lexing and syntax diagnostics. Never throws. */
export function parsePlan(text: string): ParseResult {
  if (typeof text !== 'string') {
    return { ast: null, diagnostics: [tooLong('The plan text must be a string.')], comments: [] };
  }
  if (text.length > MAX_PLAN_TEXT_LENGTH) {
    return {
      ast: null,
      diagnostics: [
        tooLong(
          `The plan is ${text.length.toLocaleString('en-US')} characters long; the limit is ${MAX_PLAN_TEXT_LENGTH.toLocaleString('en-US')}. Split it into smaller plans.`,
        ),
      ],
      comments: [],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const lexed = planLexer.tokenize(text);
  for (const error of lexed.errors) {
    const line = error.line ?? 1;
    const column = error.column ?? 1;
    const bad = text.substr(error.offset, error.length);
    diagnostics.push({
      severity: 'error',
      code: 'UNEXPECTED_CHARACTER',
      message: `The character${error.length > 1 ? 's' : ''} '${bad}' cannot appear here. Names are letters, digits and '_'; quoted names use straight double quotes ("...").`,
      range: {
        start: { line, column, offset: error.offset },
        end: { line, column: column + error.length, offset: error.offset + error.length },
      },
    });
  }
  const tooDeep = checkNesting(lexed.tokens);
  if (tooDeep) return { ast: null, diagnostics: [...diagnostics, tooDeep], comments: [] };
  planParser.input = lexed.tokens;
  const cst = planParser.plan();
  for (const error of planParser.errors) {
    const token = error.token;
    const valid = token && !Number.isNaN(token.startOffset) && token.tokenType?.name !== 'EOF';
    const endOfText = endPosition(text);
    const closest =
      valid && token.tokenType?.name === 'Identifier' ? closestName(token.image, keywordWords) : null;
    const range = valid ? tokenRange(token) : { start: endOfText, end: endOfText };
    const suggestions = replaceWith(closest, range);
    diagnostics.push({
      severity: 'error',
      code: 'SYNTAX_ERROR',
      message: `${error.message}${didYouMean(closest)}`,
      range,
      ...(suggestions && { suggestions }),
    });
  }
  let ast: PlanNode | null = null;
  try {
    ast = cst ? buildPlan(cst, text) : null;
  } catch {
    // Recovery can produce shapes the builder has not met; the syntax errors already explain them.
    ast = null;
  }
  return { ast, diagnostics, comments: (lexed.groups.comments ?? []) as IToken[] };
}

function endPosition(text: string): { line: number; column: number; offset: number } {
  const lines = text.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1, offset: text.length };
}

function tooLong(message: string): Diagnostic {
  return {
    severity: 'error',
    code: 'PLAN_TOO_LONG',
    message,
    range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
  };
}
