/** Whole-document and range formatting, as edits, from the canonical formatter. */
import { formatPlan } from '../formatter/format-plan.js';
import type * as ast from '../parser/ast.js';
import { parsePlan } from '../parser/parse-plan.js';
import type { LspRange, TextEdit } from './lsp-types.js';
import { PlanDocument } from './plan-document.js';

/** One edit replacing the text with its canonical layout; none when it is already formatted or has syntax errors. */
export function formatDocument(doc: PlanDocument): TextEdit[] {
  const result = formatPlan(doc.text);
  if (!result.formatted || result.text === doc.text) return [];
  return [{ range: doc.spanRange(0, doc.text.length), newText: result.text }];
}

/** The header and each declaration: the units range formatting replaces whole. */
function units(plan: ast.PlanNode): { startLine: number; endLine: number }[] {
  const headerEnd = plan.header.at(-1)?.range.end ?? plan.name?.range.end ?? plan.range.start;
  return [
    { startLine: plan.range.start.line, endLine: headerEnd.line },
    ...plan.declarations.map((d) => ({ startLine: d.range.start.line, endLine: d.range.end.line })),
  ];
}

/**
 * Formats only the header or declarations the range touches, leaving the lines around them as
 * they are. None when the text has syntax errors.
 */
export function formatRange(doc: PlanDocument, range: LspRange): TextEdit[] {
  const result = formatPlan(doc.text);
  const plan = doc.parsed.ast;
  if (!result.formatted || !plan) return [];
  const formattedPlan = parsePlan(result.text).ast;
  if (!formattedPlan) return [];
  const original = units(plan);
  const formatted = units(formattedPlan);
  // Same meaning, so the same declarations in the same order; anything else is not ours to guess.
  if (original.length !== formatted.length) return [];
  const formattedDoc = new PlanDocument(result.text);
  const edits: TextEdit[] = [];
  // Lines are 1-based in the tree, 0-based in the range.
  const first = range.start.line + 1;
  const last =
    range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  original.forEach((unit, i) => {
    if (unit.endLine < first || unit.startLine > last) return;
    const target = formatted[i]!;
    const lines: string[] = [];
    for (let line = target.startLine; line <= target.endLine; line++)
      lines.push(formattedDoc.lineText(line - 1));
    const oldStart = { line: unit.startLine - 1, character: 0 };
    const oldEnd = { line: unit.endLine - 1, character: doc.lineText(unit.endLine - 1).length };
    const newText = lines.join('\n');
    const oldText = doc.text.slice(doc.offsetAt(oldStart), doc.offsetAt(oldEnd));
    if (newText !== oldText) edits.push({ range: { start: oldStart, end: oldEnd }, newText });
  });
  return edits;
}
