/**
 * The rules package in a worker: checking a long plan never holds up typing. It runs the same
 * checkPlan as the server, so the codes and ranges are the server's.
 */
import { checkPlan, formatPlan, parsePlan, payoutCurves } from '@attain/rules';
import type { CheckReply, CheckRequest } from './check-protocol';
import { exampleOutcomes } from './examples';

/** The worker's global, typed by what this file uses (the DOM and worker libraries clash in one program). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CheckRequest>) => void) | null;
  postMessage(reply: CheckReply): void;
};

scope.onmessage = (event: MessageEvent<CheckRequest>) => {
  const message = event.data;
  let reply: CheckReply;
  if (message.kind === 'check') {
    const result = checkPlan(message.text);
    // Parsed again for the examples' names and places and the curves; only text that parsed has any.
    const ast = result.payoutRange ? parsePlan(message.text).ast : null;
    reply = {
      id: message.id,
      kind: 'check',
      diagnostics: result.diagnostics,
      valid: result.plan !== null,
      payoutRange: result.payoutRange,
      examples: exampleOutcomes(ast, result.diagnostics),
      curves: ast ? payoutCurves(ast, message.text, result.payoutRange?.components) : [],
    };
  } else {
    const result = formatPlan(message.text);
    reply = {
      id: message.id,
      kind: 'format',
      text: result.text,
      formatted: result.formatted,
      diagnostics: result.diagnostics,
    };
  }
  scope.postMessage(reply);
};
