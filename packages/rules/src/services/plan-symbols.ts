/**
 * Where each measure and component name is declared and used: what definition, references,
 * rename, hover and semantic tokens all ask.
 */
import type * as ast from '../parser/ast.js';
import { type AnyNode, walk } from './ast-walk.js';

export type SymbolKindName = 'measure' | 'component';

/** One written name of a measure or a component. */
export interface SymbolOccurrence {
  kind: SymbolKindName;
  name: string;
  /** The name as written (with the quotes, for a component). */
  range: ast.Range;
  declaration: boolean;
  quoted: boolean;
}

/** Every occurrence of every measure and component name in the plan, in source order. */
export function collectOccurrences(plan: ast.PlanNode): SymbolOccurrence[] {
  const found: SymbolOccurrence[] = [];
  const add = (kind: SymbolKindName, name: ast.Name | null | undefined, declaration = false) => {
    if (!name || Number.isNaN(name.range.start.offset)) return;
    const quoted = kind === 'component';
    found.push({ kind, name: name.text, range: name.range, declaration, quoted });
  };
  walk(plan as AnyNode, (node) => {
    const n = node as
      | ast.AstNode
      | ast.GivenTarget
      | ast.Selector
      | ast.Expectation
      | ast.ClawbackDecl
      | ast.HoldDecl;
    switch (n.kind) {
      case 'MeasureDecl':
        add('measure', n.name, true);
        break;
      case 'ComponentDecl':
        add('component', n.name, true);
        break;
      case 'MeasureRef':
        add('measure', n.name);
        break;
      case 'GivenMeasure':
        add('measure', n.name);
        break;
      case 'GivenDeals':
        add('measure', n.name);
        break;
      case 'GivenPaidEarlier':
        add('component', n.name);
        break;
      case 'Selector':
        if (n.which === 'named') for (const name of n.names) add('component', name);
        break;
      case 'Expectation':
        add('component', n.component);
        break;
      case 'ClawbackDecl':
      case 'HoldDecl':
        add('component', n.component);
        break;
    }
  });
  return found.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

/** The occurrence whose name covers `offset` (its end included, so a cursor just after a name counts). */
export function occurrenceAt(
  occurrences: readonly SymbolOccurrence[],
  offset: number,
): SymbolOccurrence | null {
  return occurrences.find((o) => o.range.start.offset <= offset && offset <= o.range.end.offset) ?? null;
}

const cache = new WeakMap<ast.PlanNode, SymbolOccurrence[]>();

/** collectOccurrences, once per parsed tree. */
export function occurrencesOf(plan: ast.PlanNode): SymbolOccurrence[] {
  let found = cache.get(plan);
  if (!found) {
    found = collectOccurrences(plan);
    cache.set(plan, found);
  }
  return found;
}
