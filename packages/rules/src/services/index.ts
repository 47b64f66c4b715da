/**
 * The language services: pure functions of a `PlanDocument` and a position, wired here behind
 * one object so a language server or a browser editor adapts its own messages to them. No Node
 * APIs below this line: the web console bundles the same code.
 */
import { codeActionsAt } from './code-actions.js';
import { completionsAt } from './completion.js';
import { documentDiagnostics } from './diagnostics.js';
import { formatDocument, formatRange } from './formatting.js';
import { hoverAt } from './hover.js';
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  GoalInfo,
  Hover,
  LspDiagnostic,
  LspPosition,
  LspRange,
  SemanticTokens,
  TextEdit,
} from './lsp-types.js';
import { definitionAt, prepareRenameAt, type RenameResult, referencesAt, renameAt } from './navigation.js';
import { documentSymbols, foldingRanges } from './outline.js';
import type { PlanDocument } from './plan-document.js';
import { semanticTokens } from './semantic-tokens.js';

export interface LanguageServiceOptions {
  /** The goals in the host's data, for completion and hover of `goal "..."`; called on each request. */
  goals?: () => readonly GoalInfo[];
  /** Run the plan's examples in diagnostics and code actions (default true). */
  examples?: boolean;
}

/** Every service, each taking the document it answers for. */
export interface LanguageServices {
  diagnostics(doc: PlanDocument): LspDiagnostic[];
  completion(doc: PlanDocument, position: LspPosition): CompletionItem[];
  hover(doc: PlanDocument, position: LspPosition): Hover | null;
  definition(doc: PlanDocument, position: LspPosition): LspRange | null;
  references(doc: PlanDocument, position: LspPosition, includeDeclaration?: boolean): LspRange[];
  prepareRename(doc: PlanDocument, position: LspPosition): LspRange | null;
  rename(doc: PlanDocument, position: LspPosition, newName: string): RenameResult;
  documentSymbols(doc: PlanDocument): DocumentSymbol[];
  foldingRanges(doc: PlanDocument): FoldingRange[];
  semanticTokens(doc: PlanDocument): SemanticTokens;
  format(doc: PlanDocument): TextEdit[];
  formatRange(doc: PlanDocument, range: LspRange): TextEdit[];
  /** The quick fixes in `range`, then (unless `refactorings` is false) the refactorings. */
  codeActions(doc: PlanDocument, range: LspRange, options?: { refactorings?: boolean }): CodeAction[];
}

/** The services, with the host's goal provider and example setting. */
export function createLanguageServices(options: LanguageServiceOptions = {}): LanguageServices {
  const examples = options.examples ?? true;
  const goals = options.goals ? { goals: options.goals } : {};
  return {
    diagnostics: (doc) => documentDiagnostics(doc, examples),
    completion: (doc, position) => completionsAt(doc, position, goals),
    hover: (doc, position) => hoverAt(doc, position, goals),
    definition: definitionAt,
    references: referencesAt,
    prepareRename: prepareRenameAt,
    rename: renameAt,
    documentSymbols,
    foldingRanges,
    semanticTokens,
    format: formatDocument,
    formatRange,
    codeActions: (doc, range, only) => codeActionsAt(doc, range, { ...only, examples }),
  };
}

export type * from './lsp-types.js';
export { CompletionItemKind, SymbolKind } from './lsp-types.js';
export type { RenameResult } from './navigation.js';
export { PlanDocument } from './plan-document.js';
export { semanticTokensLegend } from './semantic-tokens.js';
