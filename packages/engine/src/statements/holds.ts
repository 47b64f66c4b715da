/**
 * Holds: a component's pay on a deal waits until a dated fact names the deal (a `payment` with
 * its `dealId`). The period that earns it holds it back in a `hold` line; the period that
 * contains the release fact's date pays it in a `release` line. What is held is read from the
 * earlier statements: the deals the latest of them still held (`holds.outstanding`, carried from
 * period to period, so a deal is released however long it waited), then the hold and release
 * lines (their `transactions`: deal ids and amounts) of any after it, like a draw's balance, so it
 * agrees with the runs the engine is given. A clawback of a deal still held takes nothing back:
 * it cancels the hold (a `release` line of 0 for the deal), since that pay was never paid.
 */
import {
  type ClawbackRule,
  type CompiledPlan,
  type Explanation,
  formatMinor,
  type HoldRule,
  splitByShares,
} from '@attain/rules';
import type { FactColumns } from '../facts/fact-columns.js';
import { type DayRange, formatDay } from '../periods/day.js';
import type { PayoutLineWithDeals } from './clawbacks.js';
import {
  componentCodeOf,
  type HeldDeal,
  type HoldSummary,
  lineCode,
  type Statement,
  type StatementLine,
} from './statement.js';

/** A hold as the clawback machinery reads it: the same way to find the deals a component paid on. */
export function holdAsClawback(rule: HoldRule): ClawbackRule {
  return {
    component: rule.component,
    share: 1,
    withinDays: 0,
    churnKind: rule.releaseKind,
    ...(rule.factList ? { factList: rule.factList } : {}),
  };
}

/** The hold of a component, when the plan holds it. */
export function holdOf(plan: CompiledPlan, component: string): HoldRule | undefined {
  return plan.holds?.find((h) => h.component === component);
}

/** Release facts by kind: the first day a fact of the kind names each deal. */
export class ReleaseFinder {
  private readonly byKind = new Map<string, Map<string, number>>();

  constructor(private readonly columns: FactColumns) {}

  /** The day of the earliest fact of `kind` naming `dealId`, or undefined. */
  releaseDay(kind: string, dealId: string): number | undefined {
    let index = this.byKind.get(kind);
    if (!index) {
      index = new Map();
      this.byKind.set(kind, index);
      const code = this.columns.kindCode(kind);
      const deals = this.columns.attributes.get('dealId');
      if (code >= 0 && deals?.type === 'string') {
        for (const row of this.columns.rowsByKind[code] as Int32Array) {
          const dealCode = deals.codes[row] as number;
          if (dealCode < 0) continue;
          const id = deals.dictionary[dealCode] as string;
          const day = this.columns.dates[row] as number;
          const known = index.get(id);
          if (known === undefined || day < known) index.set(id, day);
        }
      }
    }
    return index.get(dealId);
  }
}

/** A period's holds: the hold and release lines, and what is still held after it. */
export interface HoldOutcome {
  lines: StatementLine[];
  summary: HoldSummary;
  /** The clawback lines given that still take money back: those of deals still held are left out. */
  clawbacks: StatementLine[];
}

/**
 * The holds of one participant's statement for `period`, given its lines so far and the
 * participant's earlier statements of the plan: this period's deals not released by its last
 * day are held; earlier held deals released by then are paid; earlier held deals that `clawbacks`
 * (this period's clawback lines) reverse are cancelled instead. Null when the plan holds nothing.
 */
export function holdsFor(
  plan: CompiledPlan,
  period: DayRange & { id: string },
  lines: readonly StatementLine[],
  earlier: readonly Statement[],
  releases: ReleaseFinder,
  clawbacks: readonly StatementLine[] = [],
): HoldOutcome | null {
  if (!plan.holds || plan.holds.length === 0) return null;
  const currency = plan.currency;
  const money = (amount: number) => formatMinor(amount, currency);
  const from = formatDay(period.start);
  const to = formatDay(period.end);
  const out: StatementLine[] = [];
  const outstanding: HeldDeal[] = [];
  let heldMinor = 0;
  let releasedMinor = 0;
  const released = (rule: HoldRule, dealId: string) => {
    const day = releases.releaseDay(rule.releaseKind, dealId);
    return day !== undefined && day <= period.end ? day : undefined;
  };
  const cancelledClawbacks = new Set<StatementLine>();
  const dealLine = (
    kind: 'hold' | 'release',
    rule: HoldRule,
    deals: readonly HeldDeal[],
    explanation: Explanation,
    pays = true,
  ): StatementLine => {
    const total = pays ? deals.reduce((sum, d) => sum + d.amountMinor, 0) : 0;
    return {
      kind,
      component: rule.component,
      componentCode: componentCodeOf(plan, rule.component),
      amountMinor: kind === 'hold' ? -total : total,
      attainment: null,
      from,
      to,
      teamId: null,
      warnings: [],
      transactions: {
        factIds: deals.map((d) => d.dealId),
        valuesMinor: deals.map((d) => (pays ? d.amountMinor : 0)),
      },
      explanation,
    };
  };
  for (const rule of plan.holds) {
    // Lines are matched by code, so a version that renames the component keeps its held deals.
    const code = componentCodeOf(plan, rule.component);
    // Earlier holds of the component not released yet, oldest first: what the latest statement
    // that says so still held, then the lines of any statement after it (ledgers stored before
    // statements carried what they held say it by their lines only).
    const pending = new Map<string, HeldDeal>();
    const ordered = [...earlier].sort((a, b) =>
      a.periodId < b.periodId ? -1 : a.periodId > b.periodId ? 1 : 0,
    );
    const carried = ordered.findLastIndex((statement) => statement.holds !== undefined);
    if (carried >= 0) {
      for (const deal of (ordered[carried] as Statement).holds!.outstanding)
        if ((deal.componentCode ?? deal.component) === code)
          pending.set(deal.dealId, { ...deal, component: rule.component, componentCode: code });
    }
    for (const statement of ordered.slice(carried + 1)) {
      for (const line of statement.lines) {
        if (lineCode(line) !== code || !line.transactions) continue;
        const { factIds, valuesMinor } = line.transactions;
        factIds.forEach((dealId, i) => {
          if (line.kind === 'hold')
            pending.set(dealId, {
              component: rule.component,
              componentCode: code,
              dealId,
              periodId: statement.periodId,
              amountMinor: valuesMinor[i] as number,
            });
          else if (line.kind === 'release') pending.delete(dealId);
        });
      }
    }
    // A deal still held that churned: the clawback would take back pay never paid; cancel the hold.
    const cancelled: HeldDeal[] = [];
    for (const clawback of clawbacks) {
      if (clawback.component !== rule.component || clawback.dealId === undefined) continue;
      const deal = pending.get(clawback.dealId);
      if (!deal || released(rule, deal.dealId) !== undefined) continue;
      pending.delete(deal.dealId);
      cancelled.push(deal);
      cancelledClawbacks.add(clawback);
    }
    const paidNow: HeldDeal[] = [];
    for (const deal of pending.values()) {
      if (released(rule, deal.dealId) !== undefined) paidNow.push(deal);
      else outstanding.push(deal);
    }
    // This period's deals of the component: each deal's part of its line, the parts adding up to the line.
    const heldNow: HeldDeal[] = [];
    for (const line of lines) {
      if (line.kind !== 'payout' || lineCode(line) !== code || !line.transactions) continue;
      const { factIds, valuesMinor } = line.transactions;
      const exact = (line as PayoutLineWithDeals).transactionPayouts;
      const weights = exact && exact.length === factIds.length ? exact : valuesMinor;
      const parts = splitByShares(line.amountMinor, weights);
      factIds.forEach((dealId, i) => {
        const amountMinor = parts[i] as number;
        if (amountMinor === 0 || released(rule, dealId) !== undefined || pending.has(dealId)) return;
        heldNow.push({
          component: rule.component,
          componentCode: code,
          dealId,
          periodId: period.id,
          amountMinor,
        });
      });
    }
    if (heldNow.length > 0) {
      const line = dealLine('hold', rule, heldNow, {
        label: `"${rule.component}" held until ${rule.releaseKind}`,
        value: -heldNow.reduce((sum, d) => sum + d.amountMinor, 0),
        unit: 'money',
        detail: `paid once a ${rule.releaseKind} fact names the deal; none did by ${to}`,
        children: heldNow.map((d) => ({
          label: `deal ${d.dealId} held`,
          value: d.amountMinor,
          unit: 'money' as const,
          children: [],
        })),
      });
      heldMinor -= line.amountMinor;
      out.push(line);
      outstanding.push(...heldNow);
    }
    if (paidNow.length > 0) {
      const line = dealLine('release', rule, paidNow, {
        label: `"${rule.component}" released`,
        value: paidNow.reduce((sum, d) => sum + d.amountMinor, 0),
        unit: 'money',
        detail: `held until ${rule.releaseKind}; released by the ${rule.releaseKind} facts dated by ${to}`,
        children: paidNow.map((d) => ({
          label: `deal ${d.dealId}, held in ${d.periodId}`,
          value: d.amountMinor,
          unit: 'money' as const,
          detail: `${rule.releaseKind} on ${formatDay(released(rule, d.dealId) as number)}: ${money(d.amountMinor)} released`,
          children: [],
        })),
      });
      releasedMinor += line.amountMinor;
      out.push(line);
    }
    if (cancelled.length > 0) {
      out.push(
        dealLine(
          'release',
          rule,
          cancelled,
          {
            label: `"${rule.component}" hold cancelled`,
            value: 0,
            unit: 'money',
            detail: `the deals churned while held: what they held is never paid, and nothing is clawed back`,
            children: cancelled.map((d) => ({
              label: `deal ${d.dealId}, held in ${d.periodId}`,
              value: 0,
              unit: 'money' as const,
              detail: `${money(d.amountMinor)} held, cancelled by its clawback`,
              children: [],
            })),
          },
          false,
        ),
      );
    }
  }
  return {
    lines: out,
    summary: { heldMinor, releasedMinor, outstanding },
    clawbacks: clawbacks.filter((line) => !cancelledClawbacks.has(line)),
  };
}
