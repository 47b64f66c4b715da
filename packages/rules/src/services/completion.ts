/**
 * Completion at the cursor: the keywords the grammar accepts there (Chevrotain's content assist
 * over the tokens before the cursor), and the names that fit: measures, fact kinds, fields and
 * attributes, quoted component names where components are selected, and goal names from the host.
 */
import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import { COMMON_FACT_FIELDS, FACT_KINDS, type FactFieldSpec } from '../fact-kinds.js';
import { currencyDigits } from '../money/currencies.js';
import { planParser } from '../parser/parser.js';
import * as t from '../parser/tokens.js';
import type { LspPosition } from './lsp-types.js';
import { type CompletionItem, CompletionItemKind, type GoalInfo } from './lsp-types.js';
import type { PlanDocument } from './plan-document.js';

/** Tokens that start a declaration: content assist restarts there, so earlier errors do not matter. */
const declarationStarts = new Set([
  'Measure',
  'Component',
  'When',
  'Multiply',
  'Cap',
  'ClawBack',
  'Draw',
  'Hold',
  'Example',
]);

/** What the completion service needs from its host. */
export interface CompletionOptions {
  /** The goals in the host's data, for `goal "..."`; none when absent. */
  goals?: () => readonly GoalInfo[];
}

/** The completions at `position`, best first. Never throws. */
export function completionsAt(
  doc: PlanDocument,
  position: LspPosition,
  options: CompletionOptions = {},
): CompletionItem[] {
  const offset = doc.offsetAt(position);
  const before = doc.text.slice(0, offset);
  // The word being typed (a keyword or a name, possibly half a quoted name) is replaced whole.
  // A quote is open only after an odd number of them on the line: after `"New deals" ` the next word starts afresh.
  const line = before.slice(before.lastIndexOf('\n') + 1);
  const quoteOpen = (line.match(/"/g)?.length ?? 0) % 2 === 1;
  const word =
    (quoteOpen ? /"[^"\n]*$/.exec(before)?.[0] : undefined) ??
    /[A-Za-z_][A-Za-z0-9_-]*$/.exec(before)?.[0] ??
    '';
  const wordStart = offset - word.length;
  const tokens = doc.lexed.tokens.filter((t) => t.endOffset! < wordStart);
  const expected = expectedTokens(tokens);
  const replace = doc.spanRange(wordStart, offset);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const push = (
    label: string,
    kind: CompletionItem['kind'],
    sortText: string,
    detail?: string,
    insert = label,
  ) => {
    if (seen.has(label)) return;
    const typed = word.replace(/^"/, '').toLowerCase();
    const bare = label.replace(/^"/, '').toLowerCase();
    if (typed && !bare.startsWith(typed)) return;
    seen.add(label);
    items.push({
      label,
      kind,
      sortText,
      textEdit: { range: replace, newText: insert },
      ...(detail && { detail }),
    });
  };
  for (const type of expected) {
    if (type.name === 'Identifier') {
      for (const name of identifierNames(doc, tokens)) push(name.label, name.kind, '0', name.detail);
    } else if (type.name === 'StringLiteral') {
      for (const name of quotedNames(doc, tokens, options)) push(name.label, name.kind, '0', name.detail);
    } else {
      for (const phrase of phrasesOf(type)) push(phrase, CompletionItemKind.Keyword, '1');
    }
  }
  return items;
}

/**
 * A plan header for content assist to start from: the grammar is then read from the start of the
 * current declaration, so it can also end there and the next declaration's keywords are offered.
 */
const syntheticHeader: IToken[] = [
  createTokenInstance(t.Plan, 'plan', 0, 3, 1, 1, 1, 4),
  createTokenInstance(t.StringLiteral, '"plan"', 5, 10, 1, 1, 6, 11),
];

/** The token types the grammar accepts after `tokens`. */
function expectedTokens(tokens: IToken[]): TokenType[] {
  const starts: number[] = [];
  for (let i = tokens.length - 1; i >= 0 && starts.length < 4; i--) {
    if (declarationStarts.has(tokens[i]!.tokenType.name)) starts.push(i);
  }
  // Content assist reads from a declaration's start, never the whole plan: the time it takes
  // grows with the tokens it reads, and an error in an earlier declaration would stop it.
  const attempts = starts.map((i) => [...syntheticHeader, ...tokens.slice(i)]);
  // Before the first declaration the header is short, so the whole text is read.
  if (starts.length === 0) attempts.push(tokens);
  for (const slice of attempts) {
    try {
      const paths = planParser.computeContentAssist('plan', slice);
      if (paths.length > 0) {
        const types = new Map<string, TokenType>();
        for (const path of paths) types.set(path.nextTokenType.name, path.nextTokenType);
        return [...types.values()];
      }
    } catch {
      // Content assist on a malformed prefix: try the next start.
    }
  }
  return [];
}

/** The words a keyword token stands for: its quoted phrases ('up to', 'sum', 'actual/365'). */
function phrasesOf(type: TokenType): string[] {
  const label = type.LABEL ?? '';
  return [...label.matchAll(/'([^']+)'/g)].map((m) => m[1]!).filter((p) => /^[A-Za-z0-9]/.test(p));
}

interface Named {
  label: string;
  kind: CompletionItem['kind'];
  detail?: string;
}

/** The token that starts the declaration the cursor is in; undefined in the header. */
function currentStart(tokens: IToken[]): IToken | undefined {
  return tokens.findLast((t) => declarationStarts.has(t.tokenType.name));
}

/** The kind of fact an aggregate in the current declaration reads ('order' in 'sum of order.amount'). */
function aggregateKind(tokens: IToken[], from: number): string | null {
  for (let i = from; i >= 1; i--) {
    const name = tokens[i]!.tokenType.name;
    if (declarationStarts.has(name)) return null;
    if (
      name === 'Identifier' &&
      tokens[i - 1]!.tokenType.name === 'Of' &&
      tokens[i - 2]?.tokenType.name === 'AggregateFunction'
    ) {
      return tokens[i]!.image;
    }
  }
  return null;
}

function fieldsOf(kind: string): [string, FactFieldSpec][] {
  const fields = (FACT_KINDS as Record<string, Record<string, FactFieldSpec>>)[kind];
  return fields ? Object.entries(fields) : [];
}

function fieldDetail(spec: FactFieldSpec): string {
  const type = spec.spec.type === 'number' ? `number ${spec.spec.min} to ${spec.spec.max}` : spec.spec.type;
  return `${type}: ${spec.description}`;
}

/**
 * The names declared with `keyword` and the text that follows each up to the next declaration
 * (a measure's definition, a component's weight and scope). Read from the tokens, not the tree,
 * so completion does not wait for a parse of the whole plan.
 */
function declaredNames(
  doc: PlanDocument,
  keyword: string,
  nameToken: string,
): { name: string; definition: string }[] {
  const tokens = doc.lexed.tokens;
  const found: { name: string; definition: string }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const name = tokens[i + 1]!;
    if (tokens[i]!.tokenType.name !== keyword || name.tokenType.name !== nameToken || seen.has(name.image))
      continue;
    seen.add(name.image);
    let end = i + 2;
    // A measure's definition follows '='; a component's details run to the end of its first line.
    const startOffset =
      tokens[i + 2]?.tokenType.name === 'Equals' ? tokens[i + 2]!.endOffset! + 1 : name.endOffset! + 1;
    while (
      end < tokens.length &&
      !declarationStarts.has(tokens[end]!.tokenType.name) &&
      (keyword === 'Measure' || tokens[end]!.startLine === name.startLine)
    )
      end++;
    const last = tokens[end - 1]!;
    const definition =
      last.endOffset! >= startOffset
        ? doc.text
            .slice(startOffset, last.endOffset! + 1)
            .replace(/\s+/g, ' ')
            .trim()
        : '';
    found.push({ name: name.image, definition });
  }
  return found;
}

/** Names where the grammar wants a bare name, by what precedes the cursor. */
function identifierNames(doc: PlanDocument, tokens: IToken[]): Named[] {
  const last = tokens.at(-1);
  const previous = tokens.at(-2);
  const lastName = last?.tokenType.name;
  if (lastName === 'Currency' || (lastName === 'Colon' && previous?.tokenType.name === 'Currency')) {
    return Object.keys(currencyDigits).map((code) => ({ label: code, kind: CompletionItemKind.Constant }));
  }
  if (lastName === 'Dot' && previous?.tokenType.name === 'Identifier') {
    return fieldsOf(previous.image).map(([field, spec]) => ({
      label: field,
      kind: CompletionItemKind.Field,
      detail: fieldDetail(spec),
    }));
  }
  const factKinds = () =>
    Object.keys(FACT_KINDS).map((kind) => ({
      label: kind,
      kind: CompletionItemKind.Class,
      detail: 'kind of fact',
    }));
  // 'sum of x over teams' with a measure x is a misreading the checker fixes: kinds fit here.
  if (lastName === 'Of' && previous?.tokenType.name === 'AggregateFunction') return factKinds();
  // 'claw back 50% of "X" on churn': the kind of fact that claws back.
  if (lastName === 'On' && currentStart(tokens)?.tokenType.name === 'ClawBack') return factKinds();
  // Inside a filter ('where won and strategic'): the attributes of the aggregate's kind of fact.
  for (let i = tokens.length - 1; i >= 0; i--) {
    const name = tokens[i]!.tokenType.name;
    if (declarationStarts.has(name) || name === 'Colon') break;
    if (name === 'Where') {
      const kind = aggregateKind(tokens, i - 1);
      if (!kind) break;
      return [
        ...fieldsOf(kind).map(([field, spec]) => ({
          label: field,
          kind: CompletionItemKind.Property,
          detail: fieldDetail(spec),
        })),
        ...COMMON_FACT_FIELDS.map((field) => ({
          label: field,
          kind: CompletionItemKind.Property,
          detail: 'every fact',
        })),
      ];
    }
  }
  const measures = declaredNames(doc, 'Measure', 'Identifier').map(({ name, definition }) => ({
    label: name,
    kind: CompletionItemKind.Variable,
    ...(definition && { detail: definition }),
  }));
  // Right after a declaration keyword a new name is written: no existing name fits.
  if (lastName === 'Measure') return [];
  return measures;
}

/** Quoted names where the grammar wants a quoted one: goals after 'goal', components where selected. */
function quotedNames(doc: PlanDocument, tokens: IToken[], options: CompletionOptions): Named[] {
  const lastName = tokens.at(-1)?.tokenType.name;
  if (lastName === 'Goal') {
    const goals = new Map<string, Named>();
    for (const goal of options.goals?.() ?? []) {
      goals.set(goal.name, {
        label: `"${goal.name}"`,
        kind: CompletionItemKind.Value,
        ...(goal.unit && { detail: goal.unit }),
      });
    }
    // Goals the plan already names are offered too, so a second use is spelt the same.
    walkGoals(doc, (name) => {
      if (!goals.has(name)) goals.set(name, { label: `"${name}"`, kind: CompletionItemKind.Value });
    });
    return [...goals.values()];
  }
  if (
    lastName === 'Plan' ||
    lastName === 'Component' ||
    lastName === 'Example' ||
    lastName === 'Teams' ||
    lastName === 'Vertical' ||
    lastName === 'Geography'
  ) {
    return [];
  }
  const components = declaredNames(doc, 'Component', 'StringLiteral').map(({ name, definition }) => ({
    label: name,
    kind: CompletionItemKind.Module,
    ...(definition && { detail: definition }),
  }));
  return components;
}

function walkGoals(doc: PlanDocument, visit: (name: string) => void): void {
  const tokens = doc.lexed.tokens;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const next = tokens[i + 1]!;
    if (tokens[i]!.tokenType.name === 'Goal' && next.tokenType.name === 'StringLiteral')
      visit(next.image.slice(1, -1));
  }
}
