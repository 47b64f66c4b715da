/** Checks of what changes components' pay: gates, multipliers, caps across components, clawbacks. */
import type * as ast from '../../parser/ast.js';
import { type CheckContext, capitalise, report, reportUnknown, unitOf } from '../check-context.js';
import { factModel, fieldsOf } from '../fact-model.js';
import { unitWords } from '../units.js';

/** True when the component exists; else UNKNOWN_COMPONENT with a did-you-mean. */
export function checkComponentName(ctx: CheckContext, name: ast.Name): boolean {
  if (ctx.checked.components.has(name.text)) return true;
  reportUnknown(
    ctx,
    'UNKNOWN_COMPONENT',
    `There is no component named "${name.text}".`,
    name,
    ctx.checked.components.keys(),
    true,
  );
  return false;
}

/** The components a modifier names exist. */
export function checkSelector(ctx: CheckContext, selector: ast.Selector): void {
  if (selector.which === 'named') for (const name of selector.names) checkComponentName(ctx, name);
}

/** A multiplier is a percentage or a factor, never money or a count. */
function expectFactor(ctx: CheckContext, expression: ast.Expression | null, what: string): void {
  if (!expression) return;
  const unit = unitOf(ctx.checked, expression);
  if (unit === 'money' || unit === 'count') {
    report(
      ctx,
      'error',
      'UNIT_MISMATCH',
      `${capitalise(what)} must be a percentage or a factor, not ${unitWords[unit]}.`,
      expression.range,
    );
  }
}

export function checkGate(ctx: CheckContext, d: ast.GateDecl): void {
  expectFactor(ctx, d.factor, 'what the components pay');
}

export function checkMultiply(ctx: CheckContext, d: ast.MultiplyDecl): void {
  expectFactor(ctx, d.factor, 'the multiplier');
}

export function checkCap(ctx: CheckContext, d: ast.CapDecl): void {
  if (d.limit && d.limit.written < 0) {
    report(ctx, 'error', 'NEGATIVE_CAP', 'A cap cannot be negative.', d.limit.range);
  }
}

/** The component clawed back exists; the share, the fact kind and the window make sense. */
export function checkClawback(ctx: CheckContext, d: ast.ClawbackDecl): void {
  if (d.component) checkComponentName(ctx, d.component);
  if (d.share && (!d.share.percent || d.share.written < 0 || d.share.written > 100)) {
    report(
      ctx,
      'error',
      'CLAWBACK_SHARE',
      'The share clawed back is a percentage between 0% and 100%.',
      d.share.range,
    );
  }
  if (d.churnKind && !fieldsOf(d.churnKind.text)) {
    reportUnknown(
      ctx,
      'UNKNOWN_FACT_KIND',
      `'${d.churnKind.text}' is not a kind of fact.`,
      d.churnKind,
      Object.keys(factModel),
    );
  }
  if (d.withinDays && (!Number.isInteger(d.withinDays.written) || d.withinDays.written <= 0)) {
    report(
      ctx,
      'error',
      'CLAWBACK_WINDOW',
      'The clawback window is a whole number of days, at least 1.',
      d.withinDays.range,
    );
  }
}
