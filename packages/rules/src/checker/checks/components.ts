/** Checks of components: weights, bands of curves, tables and rate tables, per-deal rates, caps. */
import type * as ast from '../../parser/ast.js';
import { intervalOf, perDealSource } from '../../parser/ast-queries.js';
import { compareRatios, type Ratio, ratio, sumRatios } from '../../ratio.js';
import { type CheckContext, formatNumber, report, unitOf } from '../check-context.js';
import { divideUnits, type Unit, unitWords } from '../units.js';

/** The weights given add up to exactly 100%, as exact fractions: three 'weight 1/3' do, three 33.33% do not. */
export function checkWeights(ctx: CheckContext, plan: ast.PlanNode): void {
  const weighted = plan.declarations.filter(
    (d): d is ast.ComponentDecl => d.kind === 'ComponentDecl' && d.weight !== null,
  );
  // A weight the component check refuses (a bare number, a fraction over 0) is not added up.
  const weights = weighted.map((c) => c.weight!).filter((w) => w.percent && w.ratio !== null);
  if (weights.length === 0 || weights.length !== weighted.length) return;
  const total = sumRatios(weights.map((w) => w.ratio!));
  if (compareRatios(total, ONE) === 0) return;
  const last = weights[weights.length - 1]!;
  // Rounded thirds, sixths, sevenths...: when writing them as fractions makes exactly 100%, say so.
  const fractions = weights.map((w) => roundedFraction(w));
  const fixed = sumRatios(weights.map((w, i) => fractions[i]?.ratio ?? w.ratio!));
  const rounded = weights.flatMap((w, i) => (fractions[i] ? [{ weight: w, fraction: fractions[i]! }] : []));
  const hint =
    rounded.length > 0 && compareRatios(fixed, ONE) === 0
      ? ` ${rounded[0]!.weight.text} is a rounded ${rounded[0]!.fraction.text}: write 'weight ${rounded[0]!.fraction.text}' (an exact fraction) and the weights add up to exactly 100%.`
      : " Change the weights so they add up to 100%; a share that is not a round percentage can be written as a fraction, e.g. 'weight 1/3'.";
  report(
    ctx,
    'error',
    'WEIGHTS_NOT_100',
    `The component weights add up to ${formatShare(total)}, not 100%.${hint}`,
    last.range,
    rounded.length > 0 && compareRatios(fixed, ONE) === 0
      ? {
          suggestions: rounded.map(({ weight, fraction }) => ({
            message: `Replace with '${fraction.text}'`,
            range: weight.range,
            replacement: fraction.text,
          })),
        }
      : {},
  );
}

const ONE: Ratio = { numerator: 1, denominator: 1 };

/** 100 x the ratio, as a percentage with up to 4 decimals: 99.99%, 100.0001%. */
function formatShare(r: Ratio): string {
  return `${formatNumber(Number(((r.numerator / r.denominator) * 100).toFixed(4)))}%`;
}

/**
 * The fraction k/n (n up to 12) a percentage is a rounding of, at the precision it is written
 * with (33.33% of 1/3, 16.7% of 1/6); null when it is exact or no such fraction is near.
 */
function roundedFraction(w: ast.WeightLit): { ratio: Ratio; text: string } | null {
  if (w.fraction || !w.percent) return null;
  const decimals = w.text.replace(/%$/, '').split('.')[1]?.length ?? 0;
  const half = 0.5 * 10 ** -decimals;
  for (let n = 3; n <= 12; n++) {
    const k = Math.round((w.written / 100) * n);
    const exact = (k / n) * 100;
    if (k <= 0 || k >= n || Math.abs(exact - w.written) > half + 1e-9) continue;
    const r = ratio(k, n);
    if (r.denominator !== n) continue;
    // A fraction that a percentage writes exactly (1/4 = 25%) needs no fraction.
    if (compareRatios(r, w.ratio!) === 0) return null;
    return { ratio: r, text: `${k}/${n}` };
  }
  return null;
}

/** Weights, the shape of curves, tables and rate tables, and tiers a cap makes unreachable. */
export function checkComponent(ctx: CheckContext, c: ast.ComponentDecl): void {
  const weight = c.weight;
  if (weight && !weight.percent) {
    report(
      ctx,
      'error',
      'WEIGHT_NOT_A_SHARE',
      `A weight is a share of the target incentive: write a percentage ('weight ${weight.text}%') or a fraction ('weight 1/3'), not a plain number.`,
      weight.range,
    );
  } else if (weight && weight.ratio === null) {
    report(
      ctx,
      'error',
      'WEIGHT_RANGE',
      `The weight ${weight.text} divides by 0. Write a fraction such as '1/3' or a percentage such as '30%'.`,
      weight.range,
    );
  } else if (weight?.ratio && (weight.ratio.numerator < 0 || compareRatios(weight.ratio, ONE) > 0)) {
    report(
      ctx,
      'error',
      'WEIGHT_RANGE',
      weight.fraction
        ? `A weight is a share between 0 and 1 of the target incentive, but ${weight.text} is more than 1.`
        : 'A weight is a percentage between 0% and 100%.',
      weight.range,
    );
  }
  const payout = c.payout;
  if (payout) {
    switch (payout.kind) {
      case 'CurvePayout': {
        const bounds = payout.bands.map((b) => b.bounds);
        checkBands(ctx, bounds, unitOf(ctx.checked, payout.input), 'curve');
        checkBandValues(ctx, payout.bands, 'curve');
        break;
      }
      case 'TablePayout': {
        const rows = payout.rows.map((r) => r.band);
        const columns = payout.columns.length;
        checkBands(ctx, rows, unitOf(ctx.checked, payout.rowInput), 'table', { side: 'row', columns });
        checkBands(ctx, payout.columns, unitOf(ctx.checked, payout.columnInput), 'table', {
          side: 'column',
          columns,
        });
        for (const row of payout.rows) {
          if (row.cells.length !== payout.columns.length) {
            report(
              ctx,
              'error',
              'TABLE_SHAPE',
              `This row has ${row.cells.length} value${row.cells.length === 1 ? '' : 's'} but the table has ${payout.columns.length} column${payout.columns.length === 1 ? '' : 's'}; separate values with '|'.`,
              row.range,
            );
          }
        }
        break;
      }
      case 'RatesPayout': {
        const unit = unitOf(ctx.checked, payout.input);
        if (unit !== 'money' && unit !== 'any') {
          report(
            ctx,
            'error',
            'UNIT_MISMATCH',
            `Rates apply to money, but this is ${unitWords[unit]}.`,
            payout.input!.range,
          );
        }
        const boundUnit = payout.against ? divideUnits(unit, unitOf(ctx.checked, payout.against)) : unit;
        checkBands(
          ctx,
          payout.bands.map((b) => b.bounds),
          boundUnit,
          'rate table',
        );
        for (const band of payout.bands) {
          if (band.to) {
            report(
              ctx,
              'error',
              'RATE_IS_FLAT',
              "A rate table band pays one rate (e.g. '5%'), not a range.",
              band.to.range,
            );
          }
          if (band.from && !band.from.percent) {
            report(
              ctx,
              'error',
              'UNIT_MISMATCH',
              `A rate is a percentage (e.g. '${band.from.text}%').`,
              band.from.range,
            );
          }
        }
        if (
          payout.apply === 'per deal' &&
          payout.input &&
          !perDealSource(ctx.checked.measures, payout.input)
        ) {
          report(
            ctx,
            'error',
            'PER_DEAL_NEEDS_SUM',
            "Rates 'per deal' apply to each fact of a sum, so the input must be a 'sum of ...' (or a measure that is one).",
            payout.input.range,
          );
        }
        break;
      }
      case 'AmountPayout': {
        const unit = unitOf(ctx.checked, payout.value);
        if (unit === 'count') {
          report(
            ctx,
            'error',
            'UNIT_MISMATCH',
            "A count is not an amount. Pay a share of target with a curve on it instead, e.g. 'pays curve on wins: from 1: 100%'.",
            payout.value!.range,
          );
        }
        break;
      }
    }
  }
  const cap = c.options.find((o) => o.option === 'cap')?.value;
  // Per deal, a percentage is a rate on the deal, not a share of the target a cap could compare with.
  if (cap?.percent && payout?.kind === 'CurvePayout' && payout.apply !== 'per deal') {
    for (const band of payout.bands) {
      if (
        band.from?.percent &&
        band.from.written > cap.written &&
        (!band.to || band.to.written > cap.written)
      ) {
        report(
          ctx,
          'warning',
          'TIER_ABOVE_CAP',
          `This tier pays ${band.from.text} but the component is capped at ${cap.text}, so it can never pay what it says.`,
          band.range,
        );
      }
    }
  }
}
function describeBound(value: number, percent: boolean): string {
  return `${formatNumber(value)}${percent ? '%' : ''}`;
}
/** For a table's bands: whether they are its rows or its columns, and how many columns it has. */
interface TableSide {
  side: 'row' | 'column';
  columns: number;
}

/** How to close an uncovered end with `band` ('below 80%'), in the syntax of what the bands belong to. */
function coverFix(band: string, end: 'below' | 'above', table: TableSide | null): string {
  if (!table) {
    return end === 'below'
      ? `Add a band such as '${band}: 0%' to say so.`
      : `End with a band such as '${band}: ...' to say what they pay.`;
  }
  if (table.side === 'column') {
    return end === 'below'
      ? `Start 'columns:' with a column '${band} |' and give each row a value for it.`
      : `End 'columns:' with a column '| ${band}' and give each row a value for it.`;
  }
  const cells = Array.from({ length: Math.max(1, table.columns) }, () => '0%').join(' | ');
  return end === 'below'
    ? `Add a row such as '${band}: ${cells}' (one value per column) to say so.`
    : `End with a row such as '${band}: ${cells}' (one value per column) to say what they pay.`;
}

/** Bands must be sorted, must not overlap and must leave no gap; empty bands can never be reached. */
function checkBands(
  ctx: CheckContext,
  ranges: ast.BandRange[],
  inputUnit: Unit,
  what: string,
  table: TableSide | null = null,
): void {
  const where = table ? `the ${table.side}s of this table` : `this ${what}`;
  const percentInput = inputUnit === 'percent';
  for (const range of ranges) {
    for (const bound of [range.lower, range.upper]) {
      if (!bound) continue;
      if (inputUnit !== 'any' && bound.percent !== percentInput) {
        report(
          ctx,
          'error',
          'UNIT_MISMATCH',
          percentInput
            ? `The ${what} is on a percentage, so its bounds must be percentages (e.g. '${formatNumber(bound.written)}%').`
            : `The ${what} is on ${unitWords[inputUnit]}, so its bounds must be plain numbers, not percentages.`,
          bound.range,
        );
      }
    }
    const i = intervalOf(range);
    if (i.lower > i.upper || (i.lower === i.upper && !(i.lowerInclusive && i.upperInclusive))) {
      report(
        ctx,
        'warning',
        'TIER_UNREACHABLE',
        'No value falls inside this band, so this tier can never be reached. Check its bounds.',
        range.range,
      );
    }
  }
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  if (first?.lower && what !== 'rate table') {
    report(
      ctx,
      'warning',
      'CURVE_UNCOVERED',
      `Values ${first.lowerInclusive ? 'below' : 'up to and including'} ${first.lower.text} fall in none of ${table ? where : `the bands of ${where}`} and pay 0. ${coverFix(`${first.lowerInclusive ? 'below' : 'up to and including'} ${first.lower.text}`, 'below', table)}`,
      first.range,
    );
  }
  if (last?.upper && what !== 'rate table') {
    report(
      ctx,
      'warning',
      'CURVE_UNCOVERED',
      `Values ${last.upperInclusive ? 'above' : 'from'} ${last.upper.text} fall in none of ${table ? where : `the bands of ${where}`} and pay 0. ${coverFix(`${last.upperInclusive ? 'above' : 'from'} ${last.upper.text}`, 'above', table)}`,
      last.range,
    );
  }
  for (let k = 1; k < ranges.length; k++) {
    const previous = intervalOf(ranges[k - 1]!);
    const current = intervalOf(ranges[k]!);
    const range = ranges[k]!;
    const percent = (range.lower ?? range.upper)?.percent ?? false;
    if (
      current.lower < previous.lower ||
      (current.lower === previous.lower && current.upper < previous.upper)
    ) {
      report(
        ctx,
        'error',
        'CURVE_UNSORTED',
        `The bands of this ${what} are out of order: write them from the lowest to the highest.`,
        range.range,
      );
      continue;
    }
    if (previous.upper === Number.POSITIVE_INFINITY) {
      report(
        ctx,
        'error',
        'CURVE_OVERLAP',
        `The band above already covers everything upwards, so this band can never be reached.`,
        range.range,
      );
      continue;
    }
    if (
      current.lower < previous.upper ||
      (current.lower === previous.upper && current.lowerInclusive && previous.upperInclusive)
    ) {
      report(
        ctx,
        'error',
        'CURVE_OVERLAP',
        `This band overlaps the one above at ${describeBound(Math.max(current.lower, previous.lower), percent)}: a value there would fall in both. Write 'up to' on one side and 'from' on the other, or 'up to and including' and 'above'.`,
        range.range,
      );
    } else if (current.lower > previous.upper || (!current.lowerInclusive && !previous.upperInclusive)) {
      const where =
        current.lower === previous.upper
          ? `exactly ${describeBound(current.lower, percent)}`
          : `between ${describeBound(previous.upper, percent)} and ${describeBound(current.lower, percent)}`;
      report(
        ctx,
        'error',
        'CURVE_GAP',
        `There is a gap ${where}: no band covers it. Start this band where the one above ends ('from ${describeBound(previous.upper, percent)}' after 'up to ${describeBound(previous.upper, percent)}').`,
        range.range,
      );
    }
  }
}
function checkBandValues(ctx: CheckContext, bands: ast.Band[], what: string): void {
  let previousEnd: number | null = null;
  for (const band of bands) {
    if (band.to && band.from && band.to.percent !== band.from.percent) {
      report(
        ctx,
        'error',
        'UNIT_MISMATCH',
        'Both ends of a linear segment must be percentages, or both amounts.',
        band.range,
      );
    }
    if (band.to && (!band.bounds.lower || !band.bounds.upper)) {
      report(
        ctx,
        'error',
        'LINEAR_NEEDS_BOUNDS',
        `A band that pays '${band.from?.text ?? ''} to ${band.to.text}' rises between its two bounds, so it needs both: write 'from X up to Y'.`,
        band.range,
      );
    }
    const start = band.from?.written ?? 0;
    const end = band.to?.written ?? start;
    if (previousEnd !== null && start < previousEnd) {
      report(
        ctx,
        'warning',
        'CURVE_DECREASES',
        `This ${what} pays less here (${band.from?.text}) than just below (${formatNumber(previousEnd)}${band.from?.percent ? '%' : ''}): more attainment would earn less. If that is intended, ignore this warning.`,
        band.range,
      );
    } else if (end < start) {
      report(
        ctx,
        'warning',
        'CURVE_DECREASES',
        `This segment falls from ${band.from?.text} to ${band.to?.text}: more attainment would earn less.`,
        band.range,
      );
    }
    previousEnd = end;
  }
}
