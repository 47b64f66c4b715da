/**
 * Money a plan pays once a period rather than on the stretch's own facts: a fixed amount, money
 * bands on attainment, a commission on another window than the period (components the rules
 * side marks `sharedByDays`). Every stretch of a period would otherwise pay it whole, so a
 * person who changes team or plan version mid-period would be paid it twice.
 *
 * Such money is shared between the stretches as the target incentive is: each stretch's line is
 * what the plan pays for the whole period on that stretch's figures (its team, its version),
 * times the stretch's share of the period by the plan's day count (`stretchShares`). The parts
 * of one component are rounded together by largest remainder, so a person on it all period is
 * paid the period's amount to the cent, once; a joiner on a prorated plan earns their days.
 */
import { type Explanation, formatMinor } from '@attain/rules';
import { formatDay } from '../periods/day.js';
import type { StretchProration } from '../periods/day-count.js';
import type { Period } from '../periods/period.js';
import type { Segment } from './segments.js';
import type { StatementLine } from './statement.js';
import { allocate, stretchShares } from './target-incentive.js';

/**
 * Shares, in place, the lines of components paid once a period between the stretches by their
 * days; `explained` says whether a line carries an explanation to extend (not in bulk runs).
 */
export function shareByDays(
  period: Period,
  segments: readonly Segment[],
  lines: StatementLine[],
  explained: (line: StatementLine) => boolean,
): void {
  const marked = segments.map(
    (s) => new Set(s.version.plan.components.filter((c) => c.sharedByDays).map((c) => c.name)),
  );
  if (marked.every((names) => names.size === 0)) return;
  const shares = stretchShares(period, segments);
  // One stretch on the plan the whole period (or not prorated) earns the whole period's amount.
  if (segments.length === 1 && shares[0]!.fraction.numerator === shares[0]!.fraction.denominator) return;
  const stretchOf = new Map(segments.map((s, i) => [formatDay(s.start), i]));
  const byComponent = new Map<string, { line: number; stretch: number }[]>();
  lines.forEach((line, i) => {
    const stretch = line.kind === 'payout' ? stretchOf.get(line.from) : undefined;
    if (stretch === undefined || !marked[stretch]!.has(line.component)) return;
    // Versions in different currencies are rounded apart: their cents are not interchangeable.
    const key = `${line.component}\u0000${segments[stretch]!.version.plan.currency}`;
    const group = byComponent.get(key);
    if (group) group.push({ line: i, stretch });
    else byComponent.set(key, [{ line: i, stretch }]);
  });
  for (const group of byComponent.values()) {
    const wholes = group.map((g) => lines[g.line]!.amountMinor);
    const parts = allocate(
      group.map((g, i) => {
        const { fraction } = shares[g.stretch]!;
        return {
          minor: wholes[i]!,
          share: { numerator: BigInt(fraction.numerator), denominator: BigInt(fraction.denominator) },
        };
      }),
    );
    const total = parts.reduce((sum, p) => sum + p, 0);
    group.forEach((g, i) => {
      const line = lines[g.line]!;
      const amountMinor = parts[i]!;
      lines[g.line] = {
        ...line,
        amountMinor,
        ...(explained(line)
          ? {
              explanation: sharedExplanation(
                line.explanation,
                amountMinor,
                wholes[i]!,
                period,
                segments,
                shares,
                g.stretch,
                group.length > 1 ? total : null,
              ),
            }
          : {}),
      };
    });
  }
}

/** The line's explanation under a root that says what the whole period pays and the stretch's share of it. */
function sharedExplanation(
  whole: Explanation,
  amountMinor: number,
  wholeMinor: number,
  period: Period,
  segments: readonly Segment[],
  shares: readonly StretchProration[],
  stretch: number,
  stretchesTotal: number | null,
): Explanation {
  const segment = segments[stretch]!;
  const plan = segment.version.plan;
  const currency = plan.currency;
  const share = shares[stretch]!;
  const kind = period.kind;
  const days = Number((share.daysInPeriod.numerator / share.daysInPeriod.denominator).toFixed(6));
  const dayCount = plan.targetIncentive.prorate === 'none' ? null : plan.targetIncentive.dayCount;
  const range = `${formatDay(segment.start)} to ${formatDay(segment.end)}`;
  const how = dayCount
    ? `${share.daysEmployed} / ${days} days employed (${dayCount}, ${range})`
    : `${share.daysEmployed} of the ${share.fraction.denominator} days on the plan in the ${kind} (${range}; not prorated)`;
  const split =
    stretchesTotal === null
      ? ''
      : `; rounded so the stretches of the ${kind} add up to ${formatMinor(stretchesTotal, currency)}`;
  return {
    label: whole.label,
    value: amountMinor,
    unit: 'money',
    detail: `${formatMinor(wholeMinor, currency)} for the ${kind} x ${how}: paid once a ${kind}, shared between its stretches by their days like the target incentive${split}`,
    children: [{ ...whole, label: `${whole.label}, for the whole ${kind}` }],
  };
}
