/** The checker's diagnostics in LSP shape. */
import type { Diagnostic } from '../diagnostics.js';
import type { LspDiagnostic, LspSeverity } from './lsp-types.js';
import type { PlanDocument } from './plan-document.js';

const severities: Record<Diagnostic['severity'], LspSeverity> = { error: 1, warning: 2, info: 3 };

/** One checker diagnostic as an LSP diagnostic of this document. */
export function toLspDiagnostic(doc: PlanDocument, d: Diagnostic): LspDiagnostic {
  const lsp: LspDiagnostic = {
    range: doc.rangeOf(d.range),
    severity: severities[d.severity],
    code: d.code,
    source: 'attain',
    message: d.message,
  };
  if (d.related)
    lsp.relatedInformation = d.related.map((r) => ({ range: doc.rangeOf(r.range), message: r.message }));
  return lsp;
}

/** Every diagnostic of the document; `examples` false leaves the plan's examples unrun. */
export function documentDiagnostics(doc: PlanDocument, examples = true): LspDiagnostic[] {
  return doc.check(examples).diagnostics.map((d) => toLspDiagnostic(doc, d));
}
