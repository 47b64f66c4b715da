/**
 * Plain data in the shapes of the Language Server Protocol, so a server maps them 1:1 and a
 * browser editor can read them without the protocol library. Lines and characters are 0-based,
 * characters in UTF-16 code units (as JavaScript strings and LSP count them).
 */

/** A place in the text: 0-based line and character. */
export interface LspPosition {
  line: number;
  character: number;
}

/** From `start` up to, not including, `end`. */
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** Replace `range` with `newText`. */
export interface TextEdit {
  range: LspRange;
  newText: string;
}

/** LSP DiagnosticSeverity: 1 error, 2 warning, 3 information. */
export type LspSeverity = 1 | 2 | 3;

export interface LspDiagnostic {
  range: LspRange;
  severity: LspSeverity;
  /** The checker's stable code, e.g. 'UNKNOWN_MEASURE'. */
  code: string;
  source: 'attain';
  message: string;
  /** Other places in the same document the message refers to. */
  relatedInformation?: { range: LspRange; message: string }[];
}

/** LSP CompletionItemKind values used here. */
export const CompletionItemKind = {
  Field: 5,
  Variable: 6,
  Class: 7,
  Module: 9,
  Property: 10,
  Value: 12,
  Keyword: 14,
  Constant: 21,
} as const;
export type CompletionItemKind = (typeof CompletionItemKind)[keyof typeof CompletionItemKind];

export interface CompletionItem {
  label: string;
  kind: CompletionItemKind;
  /** One line shown beside the label (a measure's definition, a field's type). */
  detail?: string;
  /** Replaces the word being typed (its range is the partial word before the cursor). */
  textEdit: TextEdit;
  /** Sorts keywords after names: '0' names, '1' keywords. */
  sortText: string;
}

export interface Hover {
  /** Markdown. */
  contents: string;
  range: LspRange;
}

/** LSP SymbolKind values used here. */
export const SymbolKind = {
  Module: 2,
  Namespace: 3,
  Class: 5,
  Property: 7,
  Field: 8,
  Function: 12,
  Variable: 13,
  Event: 24,
  Operator: 25,
} as const;
export type SymbolKind = (typeof SymbolKind)[keyof typeof SymbolKind];

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: LspRange;
  selectionRange: LspRange;
  children?: DocumentSymbol[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** LSP semantic tokens: the relative five-integer encoding, against `semanticTokensLegend`. */
export interface SemanticTokens {
  data: number[];
}

/** A quick fix or refactoring: edits in this document. */
export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  /** The diagnostics it fixes; absent for a refactoring. */
  diagnostics?: LspDiagnostic[];
  isPreferred?: boolean;
  edits: TextEdit[];
}

/** A goal the host knows from its data, for completion and hover of `goal "..."`. */
export interface GoalInfo {
  name: string;
  /** 'money', 'percent', 'count', ... as the host stores it; absent when unknown. */
  unit?: string;
  /** Shown in hover, e.g. how many participants have it this year. */
  description?: string;
}
