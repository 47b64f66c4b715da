/** Checks of examples' names and values; running them is run-examples.ts, after compiling. */
import type * as ast from '../../parser/ast.js';
import { type CheckContext, report, reportUnknown } from '../check-context.js';
import { checkComponentName } from './modifiers.js';

/** Examples give known measures and components, one value each (except deals). */
export function checkExample(ctx: CheckContext, example: ast.ExampleDecl): void {
  for (const item of example.given) {
    const target = item.target;
    if (!target) continue;
    if (target.kind === 'GivenMeasure' && target.population) {
      report(
        ctx,
        'error',
        'POPULATION_IN_EXAMPLE',
        `An example gives a statistic over teams through a measure of its own: define 'measure average_${target.name.text} = mean of ${target.name.text} over ${target.population.population === 'on this plan' ? 'teams on this plan' : 'teams ...'}' and give 'average_${target.name.text} = ...'.`,
        target.population.range,
      );
    }
    const measure = target.kind === 'GivenMeasure' || target.kind === 'GivenDeals' ? target.name : null;
    if (measure && !ctx.checked.measures.has(measure.text)) {
      reportUnknown(
        ctx,
        'UNKNOWN_MEASURE',
        `There is no measure named '${measure.text}'.`,
        measure,
        ctx.checked.measures.keys(),
      );
    }
    if (target.kind === 'GivenPaidEarlier' && target.name) checkComponentName(ctx, target.name);
    if (target.kind !== 'GivenDeals' && item.values.length > 1) {
      report(
        ctx,
        'error',
        'EXAMPLE_VALUES',
        "Only 'deals of <measure>' takes several values joined by 'and'.",
        item.range,
      );
    }
  }
  for (const expectation of example.expectations) {
    if (expectation.component) checkComponentName(ctx, expectation.component);
  }
}
