import { parentPort } from 'node:worker_threads';
import { checkPlan } from '@attain/rules';
import type { PlanCheckSummary } from './check-off-thread.js';

/**
 * Runs the plan checker for the API, off its event loop (check-off-thread.ts). Answers each
 * `{ id, text }` with `{ id, summary }`: the parts of the check that can cross threads (a compiled
 * plan holds functions).
 */
/**
 * Most diagnostics sent back: text the parser recovers from can yield tens of thousands, and
 * turning them into a GraphQL response would hold the API's event loop for as long.
 */
export const MAX_DIAGNOSTICS = 200;

const port = parentPort;
if (port) {
  port.on('message', ({ id, text }: { id: number; text: string }) => {
    const result = checkPlan(text);
    const diagnostics = result.diagnostics.slice(0, MAX_DIAGNOSTICS);
    const more = result.diagnostics.length - diagnostics.length;
    const last = diagnostics[diagnostics.length - 1];
    if (more > 0 && last) {
      diagnostics.push({
        severity: 'error',
        code: 'TOO_MANY_DIAGNOSTICS',
        message: `${more.toLocaleString('en-US')} more problems are not listed. Fix the ones above first; many of them often have one cause.`,
        range: last.range,
      });
    }
    const summary: PlanCheckSummary = {
      diagnostics,
      payoutRange: result.payoutRange,
      plan: result.plan && {
        name: result.plan.name,
        period: result.plan.period,
        currency: result.plan.currency,
        requirements: {
          aggregates: result.plan.requirements.aggregates,
          goals: result.plan.requirements.goals,
          populations: result.plan.requirements.populations,
        },
      },
    };
    port.postMessage({ id, summary });
  });
  port.postMessage({ ready: true });
}
