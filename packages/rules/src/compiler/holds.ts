/** The plan's holds, compiled: which component's deals wait for which kind of fact. */
import type * as ast from '../parser/ast.js';
import type { HoldRule } from './compiled-plan.js';

/**
 * One rule per hold; `dealsOf(component)` names (and requires) the fact list of the deals the
 * component pays on, as for clawbacks.
 */
export function compileHolds(
  plan: ast.PlanNode,
  dealsOf: (component: ast.ComponentDecl) => string | null,
): HoldRule[] {
  const holds: HoldRule[] = [];
  for (const d of plan.declarations) {
    if (d.kind !== 'HoldDecl' || !d.component || !d.releaseKind) continue;
    const held = plan.declarations.find(
      (c): c is ast.ComponentDecl => c.kind === 'ComponentDecl' && c.name?.text === d.component?.text,
    );
    const factList = held ? dealsOf(held) : null;
    holds.push({
      component: d.component.text,
      releaseKind: d.releaseKind.text,
      ...(factList ? { factList } : {}),
    });
  }
  return holds;
}
