/**
 * Checks of component codes: `component "New business" code "NB"` names the component's identity
 * across plan versions (what it paid to date, corrections, backtest rows). A component without a
 * code is identified by its name, so codes and names share one space.
 */
import type * as ast from '../../parser/ast.js';
import { componentCode } from '../../parser/ast-queries.js';
import { type CheckContext, report } from '../check-context.js';

/** Letters, digits, spaces, '-', '_' and '.', starting with a letter or digit: what an admin types, never a storage key. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/;

/** Each code is well formed, and no two components of the plan share a code (a name counts as the code of a component without one). */
export function checkComponentCodes(ctx: CheckContext, plan: ast.PlanNode): void {
  const seen = new Map<string, ast.ComponentDecl>();
  for (const d of plan.declarations) {
    if (d.kind !== 'ComponentDecl' || !d.name) continue;
    if (d.code && !CODE.test(d.code.text)) {
      report(
        ctx,
        'error',
        'COMPONENT_CODE_INVALID',
        `"${d.code.text}" is not a component code: write 1 to 40 letters, digits, spaces, '-', '_' or '.', starting with a letter or a digit, e.g. code "NB".`,
        d.code.range,
      );
      continue;
    }
    const code = componentCode(d);
    const first = seen.get(code);
    if (!first) {
      seen.set(code, d);
      continue;
    }
    // Two components of one name and no code: DUPLICATE_NAME already says so.
    if (!d.code && !first.code) continue;
    const mine = d.code ? 'its code' : 'its name (a component without a code is known by its name)';
    const theirs = first.code ? `the code of "${first.name?.text}"` : `the name of "${first.name?.text}"`;
    report(
      ctx,
      'error',
      'DUPLICATE_COMPONENT_CODE',
      `"${d.name.text}" has ${mine} "${code}", which is already ${theirs}. A code says which component of the earlier versions this one is, so each component needs its own: give "${d.name.text}" another code, e.g. code "${d.name.text}${d.code ? ' 2' : ''}".`,
      (d.code ?? d.name).range,
      {
        related: [
          { message: 'The component with the same code', range: (first.code ?? first.name ?? first).range },
        ],
      },
    );
  }
}
