/** The text a node was written as, for hovers and details. */
import type { Range } from '../parser/ast.js';
import type { PlanDocument } from './plan-document.js';

/** The source text of `range`, with runs of whitespace (line breaks too) read as one space. */
export function sourceText(doc: PlanDocument, range: Range): string {
  return doc.text.slice(range.start.offset, range.end.offset).replace(/\s+/g, ' ').trim();
}
