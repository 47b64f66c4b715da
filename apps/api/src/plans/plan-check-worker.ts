import { parentPort } from 'node:worker_threads';
import { checkPlan } from '@attain/rules';
import type { PlanCheckSummary } from './check-off-thread.js';

/**
 * Runs the plan checker for the API, off its event loop (check-off-thread.ts). Answers each
 * `{ id, text }` with `{ id, summary }`: the parts of the check that can cross threads (a compiled
 * plan holds functions).
 */
const port = parentPort;
if (port) {
  port.on('message', ({ id, text }: { id: number; text: string }) => {
    const result = checkPlan(text);
    const summary: PlanCheckSummary = {
      diagnostics: result.diagnostics,
      payoutRange: result.payoutRange,
      plan: result.plan && {
        name: result.plan.name,
        period: result.plan.period,
        currency: result.plan.currency,
        requirements: {
          aggregates: result.plan.requirements.aggregates,
          goals: result.plan.requirements.goals,
        },
      },
    };
    port.postMessage({ id, summary });
  });
  port.postMessage({ ready: true });
}
