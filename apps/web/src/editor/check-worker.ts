/**
 * The rules package in a worker: checking a long plan never holds up typing. It runs the same
 * checkPlan as the server, so the codes and ranges are the server's, and the language services
 * (completion, hover, code actions) on the same parse.
 */
import {
  type CodeAction,
  createLanguageServices,
  formatPlan,
  PlanDocument,
  payoutCurves,
} from '@attain/rules';
import type { CheckReply, CheckRequest } from './check-protocol';
import { exampleOutcomes } from './examples';

/** The worker's global, typed by what this file uses (the DOM and worker libraries clash in one program). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CheckRequest>) => void) | null;
  postMessage(reply: CheckReply): void;
};

// No goals: the console has no query for the goal names yet, so `goal "..."` completes nothing.
const services = createLanguageServices();

/**
 * The newest text's analyses, kept so the completions and hovers between two edits, and the
 * check of the same edit, share one parse and one check.
 */
let current: PlanDocument | null = null;

function documentOf(text: string): PlanDocument {
  if (current?.text !== text) current = new PlanDocument(text);
  return current;
}

/** A diagnostic's identity as the code actions name it: its code, message and LSP range. */
function diagnosticKey(d: { code: string; message: string; range: CodeAction['edits'][number]['range'] }) {
  const { start, end } = d.range;
  return `${d.code}|${start.line}:${start.character}-${end.line}:${end.character}|${d.message}`;
}

function reply(message: CheckRequest): CheckReply {
  switch (message.kind) {
    case 'check': {
      const doc = documentOf(message.text);
      const result = doc.check();
      // Every quick fix of the text at once, then handed to the diagnostic it fixes. Without the
      // refactorings: the example skeleton would check the whole plan a second time per keystroke.
      const whole = doc.spanRange(0, doc.text.length);
      const fixesByKey = new Map<string, CodeAction[]>();
      for (const action of services.codeActions(doc, whole, { refactorings: false })) {
        const fixed = action.kind === 'quickfix' ? action.diagnostics?.[0] : undefined;
        if (!fixed) continue;
        const key = diagnosticKey(fixed);
        fixesByKey.set(key, [...(fixesByKey.get(key) ?? []), action]);
      }
      // The examples' names and places and the curves need the tree; only text that parsed has them.
      const ast = result.payoutRange ? doc.parsed.ast : null;
      return {
        id: message.id,
        kind: 'check',
        diagnostics: result.diagnostics,
        fixes: result.diagnostics.map(
          (d) => fixesByKey.get(diagnosticKey({ ...d, range: doc.rangeOf(d.range) })) ?? [],
        ),
        valid: result.plan !== null,
        payoutRange: result.payoutRange,
        examples: exampleOutcomes(ast, result.diagnostics),
        curves: ast ? payoutCurves(ast, message.text, result.payoutRange?.components) : [],
      };
    }
    case 'format': {
      const result = formatPlan(message.text);
      return {
        id: message.id,
        kind: 'format',
        text: result.text,
        formatted: result.formatted,
        diagnostics: result.diagnostics,
      };
    }
    case 'complete': {
      const items = services.completion(documentOf(message.text), message.position);
      return { id: message.id, kind: 'complete', version: message.version, items };
    }
    case 'hover': {
      const hover = services.hover(documentOf(message.text), message.position);
      return { id: message.id, kind: 'hover', version: message.version, hover };
    }
    case 'codeActions': {
      const actions = services.codeActions(documentOf(message.text), message.range);
      return { id: message.id, kind: 'codeActions', version: message.version, actions };
    }
  }
}

scope.onmessage = (event: MessageEvent<CheckRequest>) => {
  scope.postMessage(reply(event.data));
};
