/**
 * Semantic tokens: the lexer's tokens, with names told apart by what the tree says they are
 * (a measure, a fact kind, a field, a component), in the LSP relative encoding.
 */
import type * as ast from '../parser/ast.js';
import { type AnyNode, walk } from './ast-walk.js';
import type { SemanticTokens } from './lsp-types.js';
import type { PlanDocument } from './plan-document.js';
import { occurrencesOf } from './plan-symbols.js';

/** The token types and modifiers, in the order their indexes encode; a server announces this. */
export const semanticTokensLegend = {
  tokenTypes: [
    'keyword',
    'string',
    'number',
    'comment',
    'operator',
    'variable',
    'class',
    'type',
    'property',
    'function',
    'enumMember',
  ],
  tokenModifiers: ['declaration'],
} as const;

type TokenTypeName = (typeof semanticTokensLegend.tokenTypes)[number];
const typeIndex = new Map<string, number>(semanticTokensLegend.tokenTypes.map((t, i) => [t, i]));

const symbolTokens = new Set([
  'LessEqual',
  'GreaterEqual',
  'NotEqual',
  'Less',
  'Greater',
  'Equals',
  'PlusSign',
  'MinusSign',
  'Times',
  'Divide',
  'Colon',
  'Comma',
  'Bar',
  'Dot',
  'LeftParen',
  'RightParen',
]);

/** What each name token is, by its start offset, from the tree. */
function namesByOffset(plan: ast.PlanNode): Map<number, { type: TokenTypeName; declaration: boolean }> {
  const names = new Map<number, { type: TokenTypeName; declaration: boolean }>();
  for (const o of occurrencesOf(plan)) {
    names.set(o.range.start.offset, {
      type: o.kind === 'measure' ? 'variable' : 'class',
      declaration: o.declaration,
    });
  }
  walk(plan as AnyNode, (node) => {
    const n = node as ast.AstNode | ast.HeaderItem;
    if (n.kind === 'AggregateExpr') {
      if (n.factKind && !names.has(n.factKind.range.start.offset))
        names.set(n.factKind.range.start.offset, { type: 'type', declaration: false });
      if (n.field) names.set(n.field.range.start.offset, { type: 'property', declaration: false });
      for (const f of n.filters)
        if (f.attribute) names.set(f.attribute.range.start.offset, { type: 'property', declaration: false });
    } else if (n.kind === 'CurrencyItem' && n.code) {
      names.set(n.code.range.start.offset, { type: 'enumMember', declaration: false });
    }
  });
  return names;
}

/** The document's semantic tokens. Never throws. */
export function semanticTokens(doc: PlanDocument): SemanticTokens {
  const plan = doc.parsed.ast;
  const names = plan ? namesByOffset(plan) : new Map();
  const all = [...doc.lexed.tokens, ...(doc.lexed.groups.comments ?? [])].sort(
    (a, b) => a.startOffset - b.startOffset,
  );
  const data: number[] = [];
  let lastLine = 0;
  let lastCharacter = 0;
  for (const token of all) {
    const tokenType = token.tokenType;
    let type: TokenTypeName;
    let declaration = false;
    const known = names.get(token.startOffset);
    if (known) {
      type = known.type;
      declaration = known.declaration;
    } else if (tokenType.name === 'Comment') type = 'comment';
    else if (tokenType.name === 'StringLiteral') type = 'string';
    else if (tokenType.name === 'NumberLiteral' || tokenType.name === 'PercentLiteral') type = 'number';
    else if (tokenType.name === 'AggregateFunction') type = 'function';
    else if (tokenType.name === 'DayCount') type = 'enumMember';
    else if (symbolTokens.has(tokenType.name)) type = 'operator';
    else if (tokenType.name === 'Identifier') type = 'variable';
    else type = 'keyword';
    const start = doc.positionAt(token.startOffset);
    const newline = token.image.search(/[\r\n]/);
    const length = newline >= 0 ? newline : token.image.length;
    const deltaLine = start.line - lastLine;
    data.push(
      deltaLine,
      deltaLine === 0 ? start.character - lastCharacter : start.character,
      length,
      typeIndex.get(type)!,
      declaration ? 1 : 0,
    );
    lastLine = start.line;
    lastCharacter = start.character;
  }
  return { data };
}
