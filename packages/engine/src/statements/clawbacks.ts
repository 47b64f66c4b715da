/**
 * Clawbacks: when a deal paid in an earlier period churns within the plan's window, part of its
 * original payout is reversed at the rate it was paid at.
 */
import type { ClawbackRule, CompiledPlan, FactList, PayoutLine } from '@attain/rules';
import type { FactColumns } from '../facts/fact-columns.js';
import { roundMinor } from '../money/money.js';
import { type DayRange, formatDay } from '../periods/day.js';
import { componentCodeOf, lineCode, type Statement, type StatementLine } from './statement.js';

/**
 * The deals a clawback rule's component paid on, as a fact list. The contract does not link
 * components to what they read, so: the list named by the rule (`factList`, a proposed
 * extension), else a list keyed like the component, else the plan's first fact list that is not
 * the churn kind (per-deal commissions), else its first individual period sum of another kind
 * (commissions on a period or running total, whose deals are the facts in that sum).
 */
export function clawbackBasis(plan: CompiledPlan, rule: ClawbackRule): FactList | undefined {
  const lists = plan.requirements.factLists;
  const named = (rule as ClawbackRule & { factList?: string }).factList;
  const list =
    lists.find((l) => l.key === named) ??
    lists.find((l) => l.key === rule.component) ??
    lists.find((l) => l.factKind !== rule.churnKind);
  if (list) return list;
  const sum = plan.requirements.aggregates.find(
    (a) =>
      a.scope === 'individual' &&
      a.aggregation === 'sum' &&
      a.window === 'period' &&
      a.field !== null &&
      a.factKind !== rule.churnKind,
  );
  if (!sum || sum.field === null) return undefined;
  return {
    key: `deals of ${sum.key}`,
    factKind: sum.factKind,
    field: sum.field,
    filters: sum.filters,
    scope: sum.scope,
    window: sum.window,
    ...(sum.individualMatch ? { individualMatch: sum.individualMatch } : {}),
  };
}

/**
 * A proposed additive extension of the contract's `PayoutLine`: the exact payout of each
 * transaction of the component's fact list, in the order of `PlanInput.transactions`. With it a
 * clawback reverses exactly what the deal earned; without it the engine takes the deal's
 * pro-rata part of the line (exact when all the line's deals were paid at one rate).
 */
export interface PayoutLineWithDeals extends PayoutLine {
  transactionPayouts?: readonly number[];
}

/** Churn facts of a kind inside a window, by the deal they name and by account. */
interface ChurnIndex {
  byDeal: Map<string, number[]>;
  byAccount: Map<number, number[]>;
}

/** Finds churns and builds clawback lines; caches churn lookups per kind and window. */
export class ClawbackFinder {
  private readonly indexes = new Map<string, ChurnIndex>();

  constructor(private readonly columns: FactColumns) {}

  /**
   * Clawback lines for one participant and period: for each earlier payout line of the rule's
   * component, each deal on it that churned inside `range` and within `withinDays` of the deal
   * gives back `share` of what that deal earned (line amount x deal value / line basis).
   */
  linesFor(
    plan: CompiledPlan,
    range: DayRange,
    earlier: readonly Statement[],
    alreadyClawedBack: ReadonlySet<string>,
  ): StatementLine[] {
    const lines: StatementLine[] = [];
    for (const rule of plan.clawbacks) {
      const churns = this.index(rule.churnKind, range);
      if (churns.byDeal.size === 0 && churns.byAccount.size === 0) continue;
      const dealKind = clawbackBasis(plan, rule)?.factKind;
      if (dealKind === undefined) continue;
      // Earlier lines are matched by code: a version that renamed the component still claws back.
      const code = componentCodeOf(plan, rule.component);
      for (const statement of earlier) {
        for (const line of statement.lines) {
          if (line.kind !== 'payout' || lineCode(line) !== code || !line.transactions) continue;
          const { factIds, valuesMinor } = line.transactions;
          const basis = valuesMinor.reduce((sum, v) => sum + v, 0);
          const perDeal = (line as PayoutLineWithDeals).transactionPayouts;
          const exact = perDeal !== undefined && perDeal.length === factIds.length ? perDeal : undefined;
          if ((basis === 0 && !exact) || line.amountMinor === 0) continue;
          factIds.forEach((dealId, i) => {
            if (alreadyClawedBack.has(`${code}|${dealId}`)) return;
            const churnRow = this.matchingChurn(churns, dealId, dealKind, rule.withinDays);
            if (churnRow < 0) return;
            const dealValue = valuesMinor[i] as number;
            const earned = exact ? (exact[i] as number) : (line.amountMinor * dealValue) / basis;
            const amountMinor = roundMinor(-rule.share * earned, plan.rounding);
            const churnId = this.columns.ids[churnRow] as string;
            // Paid in a pay currency: the conversion reverses it at the rate it was paid at.
            const paid = line.pay ?? line.paidInPayCurrency;
            lines.push({
              ...(paid
                ? {
                    clawedBack: {
                      periodId: statement.periodId,
                      currency: paid.currency,
                      payMinor: paid.amountMinor,
                      planMinor: line.amountMinor,
                    },
                  }
                : {}),
              kind: 'clawback',
              component: rule.component,
              componentCode: code,
              amountMinor,
              attainment: null,
              from: formatDay(range.start),
              to: formatDay(range.end),
              teamId: line.teamId,
              dealId,
              warnings: [],
              explanation: {
                label: `clawback of ${Math.round(rule.share * 100)}% on deal ${dealId}`,
                value: amountMinor,
                unit: 'money',
                detail: `deal ${dealId} churned (${churnId} on ${formatDay(this.columns.dates[churnRow] as number)}) within ${rule.withinDays} days; reversed at the rate paid in ${statement.periodId}`,
                children: [
                  {
                    label: `${rule.component} paid in ${statement.periodId}`,
                    value: line.amountMinor,
                    unit: 'money',
                    children: [],
                  },
                  { label: 'paid on deals worth', value: basis, unit: 'money', children: [] },
                  { label: `deal ${dealId} worth`, value: dealValue, unit: 'money', children: [] },
                  { label: 'deal share of the payout', value: earned, unit: 'money', children: [] },
                  { label: 'share reversed', value: rule.share, unit: 'percent', children: [] },
                ],
              },
            });
          });
        }
      }
    }
    return lines;
  }

  /** The churn that reverses a deal: one naming it, else one on its account; within `withinDays` after it. */
  private matchingChurn(churns: ChurnIndex, dealId: string, dealKind: string, withinDays: number): number {
    const dealRow = this.columns.rowOf(dealId, dealKind);
    if (dealRow < 0) return -1;
    const dealDay = this.columns.dates[dealRow] as number;
    const inWindow = (row: number) => {
      const gap = (this.columns.dates[row] as number) - dealDay;
      return gap >= 0 && gap <= withinDays;
    };
    const named = churns.byDeal.get(dealId)?.find(inWindow);
    if (named !== undefined) return named;
    const onAccount = churns.byAccount.get(this.columns.accounts[dealRow] as number)?.find(inWindow);
    return onAccount ?? -1;
  }

  private index(kind: string, range: DayRange): ChurnIndex {
    const key = `${kind}|${range.start}|${range.end}`;
    let index = this.indexes.get(key);
    if (index) return index;
    index = { byDeal: new Map(), byAccount: new Map() };
    this.indexes.set(key, index);
    const code = this.columns.kindCode(kind);
    if (code < 0) return index;
    const deals = this.columns.attributes.get('dealId');
    for (const row of this.columns.rowsByKind[code] as Int32Array) {
      const day = this.columns.dates[row] as number;
      if (day < range.start || day > range.end) continue;
      const dealCode = deals?.type === 'string' ? (deals.codes[row] as number) : -1;
      if (deals?.type === 'string' && dealCode >= 0) {
        const dealId = deals.dictionary[dealCode] as string;
        index.byDeal.set(dealId, [...(index.byDeal.get(dealId) ?? []), row]);
      } else {
        const account = this.columns.accounts[row] as number;
        index.byAccount.set(account, [...(index.byAccount.get(account) ?? []), row]);
      }
    }
    return index;
  }
}

/** Deals already clawed back in earlier statements, as 'component code|dealId'. */
export function clawedBackDeals(statements: readonly Statement[]): Set<string> {
  const done = new Set<string>();
  for (const s of statements)
    for (const l of s.lines) if (l.kind === 'clawback' && l.dealId) done.add(`${lineCode(l)}|${l.dealId}`);
  return done;
}
