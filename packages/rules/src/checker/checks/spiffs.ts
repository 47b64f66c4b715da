/** Checks of SPIFFs ('pays 500 per deal where strategic and won'): which facts are the deals, and what is paid for each. */
import type * as ast from '../../parser/ast.js';
import { dealKind, dealKindsWith } from '../../parser/ast-queries.js';
import { type CheckContext, report, unitOf } from '../check-context.js';
import { factModel } from '../fact-model.js';
import { unitWords } from '../units.js';

/** A SPIFF names or implies one kind of deal, and pays money per deal. */
export function checkSpiff(ctx: CheckContext, payout: ast.AmountPayout): void {
  const deals = payout.perDeal;
  if (!deals) return;
  const measure = deals.factKind ? ctx.checked.measures.get(deals.factKind.text) : undefined;
  if (measure) {
    // 'per deal of strategic_wins': the measure is the count, so it must be one, and filters belong in it.
    const unit = unitOf(ctx.checked, deals);
    if (unit !== 'count' && unit !== 'any') {
      report(
        ctx,
        'error',
        'UNIT_MISMATCH',
        `A SPIFF pays per deal, so '${deals.factKind!.text}' must count deals ('measure ${deals.factKind!.text} = count of opportunity where won'), but it is ${unitWords[unit]}.`,
        deals.range,
      );
    }
    if (deals.filters.length > 0) {
      report(
        ctx,
        'error',
        'SPIFF_DEALS_UNCLEAR',
        `'${deals.factKind!.text}' is a measure: put the conditions in it ('measure ${deals.factKind!.text} = count of ... where ...') rather than after it.`,
        deals.filters[0]!.range,
      );
    }
  } else if (dealKind(deals) === null) {
    const attributes = deals.filters.flatMap((f) => (f.attribute ? [f.attribute.text] : []));
    const kinds = attributes.length > 0 ? dealKindsWith(attributes) : Object.keys(factModel);
    const which = attributes.map((a) => `'${a}'`).join(' and ');
    const message =
      attributes.length === 0
        ? `Say which facts are the deals: 'per deal of opportunity where won', for instance (facts are ${Object.keys(factModel).join(', ')}).`
        : kinds.length === 0
          ? `No kind of fact has ${which}, so no deal can qualify. Check the attribute names, or say the kind: 'per deal of opportunity where ...'.`
          : `Several kinds of fact have ${which} (${kinds.join(', ')}): say which facts are the deals, e.g. 'per deal of ${kinds[0]} where ...'.`;
    report(ctx, 'error', 'SPIFF_DEALS_UNCLEAR', message, deals.range);
  }
  const unit = unitOf(ctx.checked, payout.value);
  if (unit !== 'money' && unit !== 'number' && unit !== 'any' && payout.value) {
    report(
      ctx,
      'error',
      'UNIT_MISMATCH',
      `A SPIFF pays an amount of money per deal ('pays 500 per deal where won'), but this is ${unitWords[unit]}. To pay a share of each deal's amount, use 'pays rates on sum of opportunity.amount where won, retroactive, per deal:'.`,
      payout.value.range,
    );
  }
}
