/**
 * A component renamed between two versions of a plan within a plan year: without its code, the
 * new name is a new component, which has been paid nothing this year, so a true-up pays the
 * year to date again. Compares the components of the version before with this one's.
 */
import type { Diagnostic } from '../diagnostics.js';
import type * as ast from '../parser/ast.js';
import { componentCode } from '../parser/ast-queries.js';
import { parsePlan } from '../parser/parse-plan.js';

/** renamedComponents on two texts: none when either does not parse. */
export function renamedComponentsOf(previousText: string, text: string): Diagnostic[] {
  const previous = parsePlan(previousText).ast;
  const next = parsePlan(text).ast;
  return previous && next ? renamedComponents(previous, next) : [];
}

/** As the compiler's `readsPaidEarlier`, read off the text. */
function subtractsPaidEarlier(plan: ast.PlanNode): boolean {
  return (
    plan.header.some((h) => h.kind === 'TrueUpItem') ||
    plan.declarations.some(
      (d) =>
        d.kind === 'ComponentDecl' &&
        d.payout?.kind === 'RatesPayout' &&
        d.payout.apply === 'running total' &&
        d.payout.mode === 'retroactive',
    )
  );
}

/**
 * COMPONENT_RENAMED warnings: each component of `previous` whose code is gone, paired in text
 * order with a component of `next` that has a new name and no code. Only when `next` subtracts
 * what was paid earlier (a true-up, a retroactive rate table on the running total): elsewhere a
 * new name pays the same.
 */
export function renamedComponents(previous: ast.PlanNode, next: ast.PlanNode): Diagnostic[] {
  if (!subtractsPaidEarlier(next)) return [];
  const componentsOf = (plan: ast.PlanNode) =>
    plan.declarations.filter((d): d is ast.ComponentDecl => d.kind === 'ComponentDecl' && d.name !== null);
  const before = componentsOf(previous);
  const after = componentsOf(next);
  const codesAfter = new Set(after.map(componentCode));
  const codesBefore = new Set(before.map(componentCode));
  const gone = before.filter((c) => !codesAfter.has(componentCode(c)));
  const arrived = after.filter((c) => c.code === null && !codesBefore.has(componentCode(c)));
  return gone.slice(0, arrived.length).map((old, i) => {
    const renamed = arrived[i]!;
    const oldName = old.name!.text;
    const newName = renamed.name!.text;
    const code = componentCode(old);
    const written = `"${newName}" code "${code}"`;
    return {
      severity: 'warning',
      code: 'COMPONENT_RENAMED',
      message: `The version before has a component "${oldName}" and this one has "${newName}" instead. Did you rename "${oldName}" to "${newName}"? Add code "${code}" to keep its paid to date: write component ${written}. Without it, "${newName}" is a new component that has been paid nothing this year, and the true-up pays the year to date again.`,
      range: renamed.name!.range,
      suggestions: [
        {
          message: `Add code "${code}" (the same component as "${oldName}")`,
          range: renamed.name!.range,
          replacement: written,
        },
      ],
    };
  });
}
