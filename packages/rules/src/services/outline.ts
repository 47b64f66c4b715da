/** The document's outline (symbols) and the regions an editor can fold. */
import type * as ast from '../parser/ast.js';
import { type DocumentSymbol, type FoldingRange, SymbolKind } from './lsp-types.js';
import type { PlanDocument } from './plan-document.js';
import { sourceText } from './source-text.js';

function declarationSymbol(doc: PlanDocument, d: ast.Declaration): DocumentSymbol {
  const range = doc.rangeOf(d.range);
  const named = (
    name: ast.Name | null,
    fallback: string,
    kind: SymbolKind,
    detail?: string,
  ): DocumentSymbol => ({
    name: name?.text || fallback,
    kind,
    range,
    selectionRange: name ? doc.rangeOf(name.range) : range,
    ...(detail && { detail }),
  });
  switch (d.kind) {
    case 'MeasureDecl':
      return named(
        d.name,
        'measure',
        SymbolKind.Variable,
        d.value ? sourceText(doc, d.value.range) : undefined,
      );
    case 'ComponentDecl':
      return named(d.name, 'component', SymbolKind.Class, d.weight ? `weight ${d.weight.text}` : 'no weight');
    case 'ExampleDecl':
      return named(d.name, 'example', SymbolKind.Event);
    default: {
      // Gates, multipliers, caps, clawbacks (and rules added later): their first line names them.
      const first = doc.lineText(range.start.line).trim().replace(/:$/, '');
      return {
        name: first.length > 60 ? `${first.slice(0, 57)}...` : first,
        kind: SymbolKind.Operator,
        range,
        selectionRange: range,
      };
    }
  }
}

/** Header, measures, components, rules and examples, in source order. */
export function documentSymbols(doc: PlanDocument): DocumentSymbol[] {
  const plan = doc.parsed.ast;
  if (!plan) return [];
  const symbols: DocumentSymbol[] = [];
  const headerEnd = plan.header.at(-1)?.range ?? plan.name?.range ?? plan.range;
  const headerRange = doc.spanRange(plan.range.start.offset, headerEnd.end.offset);
  symbols.push({
    name: plan.name?.text ?? 'plan',
    detail: 'plan header',
    kind: SymbolKind.Module,
    range: headerRange,
    selectionRange: plan.name ? doc.rangeOf(plan.name.range) : headerRange,
  });
  for (const d of plan.declarations) symbols.push(declarationSymbol(doc, d));
  return symbols;
}

/** Every declaration of more than one line, the header, and runs of two or more comment lines. */
export function foldingRanges(doc: PlanDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const plan = doc.parsed.ast;
  if (plan) {
    const headerEnd = plan.header.at(-1)?.range.end.line;
    if (headerEnd && headerEnd > plan.range.start.line) {
      ranges.push({ startLine: plan.range.start.line - 1, endLine: headerEnd - 1, kind: 'region' });
    }
    for (const d of plan.declarations) {
      if (d.range.end.line > d.range.start.line) {
        ranges.push({ startLine: d.range.start.line - 1, endLine: d.range.end.line - 1, kind: 'region' });
      }
    }
  }
  let runStart = -1;
  let previous = -2;
  const comments = (doc.lexed.groups.comments ?? []).map((c) => (c.startLine ?? 1) - 1);
  for (const line of [...comments, Number.NaN]) {
    if (line === previous + 1) {
      previous = line;
      continue;
    }
    if (runStart >= 0 && previous > runStart)
      ranges.push({ startLine: runStart, endLine: previous, kind: 'comment' });
    runStart = line;
    previous = line;
  }
  return ranges.sort((a, b) => a.startLine - b.startLine);
}
