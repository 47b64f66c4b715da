/** Checks of a hold: a component's pay per deal held until a dated fact names the deal. */
import type * as ast from '../../parser/ast.js';
import { type CheckContext, report, reportUnknown } from '../check-context.js';
import { factModel, fieldsOf } from '../fact-model.js';
import { checkComponentName } from './modifiers.js';

/** The kinds of fact that name a deal (have a `dealId`), which can release a hold. */
function releasingKinds(): string[] {
  return Object.keys(factModel).filter((kind) => fieldsOf(kind)?.dealId !== undefined);
}

/**
 * The component exists, pays per team or individual (deals are kept there), is held once; the
 * release is a kind of fact that names a deal.
 */
export function checkHold(ctx: CheckContext, d: ast.HoldDecl): void {
  if (d.component && checkComponentName(ctx, d.component)) {
    const name = d.component.text;
    const first = ctx.checked.plan.declarations.find(
      (x): x is ast.HoldDecl => x.kind === 'HoldDecl' && x.component?.text === name,
    );
    if (first && first !== d) {
      report(
        ctx,
        'error',
        'DUPLICATE_HOLD',
        `"${name}" is already held; a component is held until one kind of fact. Remove this line or the first.`,
        d.range,
        { related: [{ message: 'The first hold', range: first.range }] },
      );
    }
    if (ctx.checked.components.get(name)?.scope?.scope === 'account') {
      report(
        ctx,
        'error',
        'ACCOUNT_SCOPE_HOLD',
        `"${name}" pays for each account, and a hold releases what a component paid on each deal, which is not kept per account. Hold a component 'for team' or 'for individual'.`,
        d.component.range,
      );
    }
  }
  const kind = d.releaseKind;
  if (!kind) return;
  if (!fieldsOf(kind.text)) {
    reportUnknown(
      ctx,
      'UNKNOWN_FACT_KIND',
      `'${kind.text}' is not a kind of fact; a hold is released by a fact that names the deal (${releasingKinds().join(', ')}).`,
      kind,
      releasingKinds(),
    );
  } else if (fieldsOf(kind.text)?.dealId === undefined) {
    report(
      ctx,
      'error',
      'HOLD_RELEASE_FACT',
      `A '${kind.text}' fact does not name a deal, so it cannot release one: hold until ${releasingKinds()
        .map((k) => `'${k}'`)
        .join(' or ')}, a fact with a dealId.`,
      kind.range,
    );
  }
}
