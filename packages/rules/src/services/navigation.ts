/** Go to definition, find references and rename, for measures and components. */
import type { LspPosition, LspRange, TextEdit } from './lsp-types.js';
import type { PlanDocument } from './plan-document.js';
import { occurrenceAt, occurrencesOf, type SymbolOccurrence } from './plan-symbols.js';

function symbolAt(
  doc: PlanDocument,
  position: LspPosition,
): { at: SymbolOccurrence; all: SymbolOccurrence[] } | null {
  const plan = doc.parsed.ast;
  if (!plan) return null;
  const occurrences = occurrencesOf(plan);
  const at = occurrenceAt(occurrences, doc.offsetAt(position));
  if (!at) return null;
  return { at, all: occurrences.filter((o) => o.kind === at.kind && o.name === at.name) };
}

/** Where the measure or component under the cursor is declared (its first declaration); null if nowhere. */
export function definitionAt(doc: PlanDocument, position: LspPosition): LspRange | null {
  const found = symbolAt(doc, position);
  const declaration = found?.all.find((o) => o.declaration);
  return declaration ? doc.rangeOf(declaration.range) : null;
}

/** Every place the name under the cursor is written; the declaration only when asked. */
export function referencesAt(
  doc: PlanDocument,
  position: LspPosition,
  includeDeclaration = true,
): LspRange[] {
  const found = symbolAt(doc, position);
  if (!found) return [];
  return found.all.filter((o) => includeDeclaration || !o.declaration).map((o) => doc.rangeOf(o.range));
}

/** The range of the name rename would change, or null when the cursor is on no measure or component. */
export function prepareRenameAt(doc: PlanDocument, position: LspPosition): LspRange | null {
  const found = symbolAt(doc, position);
  return found ? doc.rangeOf(found.at.range) : null;
}

/** Why a rename cannot be done, or the edits that rename every occurrence. */
export type RenameResult = { edits: TextEdit[] } | { error: string };

/** Renames the measure or component under the cursor everywhere it is written. */
export function renameAt(doc: PlanDocument, position: LspPosition, newName: string): RenameResult {
  const found = symbolAt(doc, position);
  if (!found) return { error: 'Place the cursor on a measure or component name to rename it.' };
  const name = newName.trim().replace(/^"(.*)"$/, '$1');
  if (found.at.kind === 'measure') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      return {
        error: `'${newName}' is not a measure name: use letters, digits and '_', starting with a letter.`,
      };
    }
  } else if (name === '' || /["\n\r]/.test(name)) {
    return { error: 'A component name is any text without double quotes or line breaks.' };
  }
  const plan = doc.parsed.ast!;
  const clash = occurrencesOf(plan).find(
    (o) => o.kind === found.at.kind && o.declaration && o.name === name && name !== found.at.name,
  );
  if (clash) {
    const line = clash.range.start.line;
    return {
      error: `A ${found.at.kind} named '${name}' is already declared on line ${line}; choose another name.`,
    };
  }
  const newText = found.at.quoted ? `"${name}"` : name;
  return { edits: found.all.map((o) => ({ range: doc.rangeOf(o.range), newText })) };
}
