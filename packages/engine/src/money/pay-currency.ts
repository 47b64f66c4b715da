/**
 * Paying a participant in their own currency: each payout line, worked out in the plan's
 * currency, is converted into the participant's pay currency at the rate the plan names (the
 * date of the facts the line pays on, or the payment date), rounded half-even per line; the
 * statement's pay-currency total is the sum of those lines.
 */
import { type CompiledPlan, type Explanation, formatMinor, formatPercent, roundMinor } from '@attain/rules';
import type { MeasureSource, MeasureSubject } from '../measures/measure-context.js';
import { formatDay } from '../periods/day.js';
import { type Period, windowRange } from '../periods/period.js';
import type { EngineError, StatementLine } from '../statements/statement.js';
import { type FxRates, missingRateMessage, rateOn } from './fx.js';
import { minorUnitScale } from './money.js';

/** When a line converts: the plan's header line. */
export type PayConversion = 'fact date' | 'payment date';

/** How a line converted: as the plan says, or (a clawback under 'fact date') at the rate the line it reverses was paid at. */
export type LineConversionAt = PayConversion | 'clawed-back rate';

/** One rate a line's conversion used. */
export interface ConversionRate {
  /** The day converted at: a fact's date, or the payment date. */
  on: string;
  /** Units of the pay currency per unit of the plan currency (major units), e.g. 1.08. */
  rate: number;
  /** The day the rate applies from; null for a standing (undated) rate. */
  rateFrom: string | null;
  /** The part of the line converted at this rate (0..1; its facts' share of the line's facts), 1 for a single rate. */
  share: number;
}

/** A payout line in the participant's pay currency. */
export interface LineConversion {
  /** ISO 4217 pay currency. */
  currency: string;
  /** The line in minor units of `currency`, rounded half-even. */
  amountMinor: number;
  /** The rate applied: the one rate, or for several fact dates their average weighted by amount. */
  rate: number;
  /** 'fact date' when the line converted at the dates of the facts it pays on, 'clawed-back rate' for a clawback at the rate the reversed line was paid at, else 'payment date'. */
  at: LineConversionAt;
  /** Each rate used, by the day converted at. */
  rates: readonly ConversionRate[];
}

/** What a statement pays in the participant's currency. */
export interface StatementPay {
  currency: string;
  /** Exactly the sum of the lines' `pay.amountMinor`. */
  totalMinor: number;
  /** What the plan says; the lines say what each actually used. */
  conversion: PayConversion;
  /** The payment date: the last day of the period. */
  paymentDate: string;
}

/** Converts a statement's lines into a pay currency; reports missing rates as engine errors. */
export class PayConverter {
  private readonly reported = new Set<string>();

  constructor(
    private readonly fx: FxRates,
    private readonly context: MeasureSource,
    private readonly errors: EngineError[],
  ) {}

  /** The line with its `pay` conversion and the conversion in its explanation; null when a rate is missing. */
  convert(
    plan: CompiledPlan,
    conversion: PayConversion,
    period: Period,
    subject: MeasureSubject,
    line: StatementLine,
    payCurrency: string,
  ): StatementLine | null {
    const paymentDate = formatDay(period.end);
    const pair = `${plan.currency}/${payCurrency}`;
    const reversed = line.clawedBack;
    if (
      conversion === 'fact date' &&
      line.kind === 'clawback' &&
      reversed?.currency === payCurrency &&
      reversed.planMinor !== 0
    ) {
      // Taking back a deal at the rate its money was paid at nets the two to zero in the pay
      // currency: amount × paid / plan, one division of integers so an exact half stays exact.
      const amountMinor = roundMinor(
        (line.amountMinor * reversed.payMinor) / reversed.planMinor,
        'half-even',
      );
      const scale = minorUnitScale(plan.currency, payCurrency);
      const rate = reversed.payMinor / reversed.planMinor / scale;
      const pay: LineConversion = {
        currency: payCurrency,
        amountMinor,
        rate,
        at: 'clawed-back rate',
        rates: [],
      };
      return {
        ...line,
        pay,
        explanation: withConversion(line.explanation, line, pay, plan.currency, paymentDate),
      };
    }
    const basis =
      conversion === 'fact date' && line.kind === 'payout'
        ? plan.components.find((c) => c.name === line.component)?.paysOn
        : undefined;
    const parts: { on: string; weight: number }[] = [];
    if (basis) {
      const entries = this.context.factEntries(
        basis,
        windowRange(period, basis.window),
        plan.currency,
        subject,
      );
      const total = entries.values.reduce((sum, v) => sum + v, 0);
      if (total !== 0 && entries.days) {
        const byDay = new Map<string, number>();
        entries.values.forEach((value, i) => {
          const day = formatDay(entries.days![i] as number);
          byDay.set(day, (byDay.get(day) ?? 0) + value / total);
        });
        for (const [on, weight] of byDay) parts.push({ on, weight });
      }
    }
    const at: PayConversion = parts.length > 0 ? 'fact date' : 'payment date';
    if (parts.length === 0) parts.push({ on: paymentDate, weight: 1 });
    const scale = minorUnitScale(plan.currency, payCurrency);
    const rates: ConversionRate[] = [];
    let exact = 0;
    for (const part of parts) {
      const found = rateOn(this.fx, pair, part.on);
      if (!found) {
        this.missing(pair, part.on, subject.participantId, line.component);
        return null;
      }
      exact += line.amountMinor * part.weight * found.rate * scale;
      rates.push({ on: part.on, rate: found.rate, rateFrom: found.from, share: part.weight });
    }
    const amountMinor = roundMinor(exact, 'half-even');
    const rate =
      line.amountMinor === 0 || rates.length === 1
        ? (rates[0] as ConversionRate).rate
        : exact / scale / line.amountMinor;
    const pay: LineConversion = { currency: payCurrency, amountMinor, rate, at, rates };
    return {
      ...line,
      pay,
      explanation: withConversion(line.explanation, line, pay, plan.currency, paymentDate),
    };
  }

  private missing(pair: string, day: string, participantId: string, component: string): void {
    const key = `${pair}|${day}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.errors.push({
      code: 'missing-fx-rate',
      participantId,
      pair,
      date: day,
      message: missingRateMessage(
        pair,
        day,
        this.fx,
        `'${component}' of ${participantId} converts into the pay currency on ${day}`,
      ),
    });
  }
}

/** The explanation with one more node saying which rate and date converted the line. */
function withConversion(
  explanation: Explanation,
  line: StatementLine,
  pay: LineConversion,
  planCurrency: string,
  paymentDate: string,
): Explanation {
  const pair = `${planCurrency}/${pay.currency}`;
  const rateText = (r: ConversionRate) =>
    `${pair} ${r.rate} ${r.rateFrom === null ? 'standing rate' : `from ${r.rateFrom}`}`;
  const reversed = line.clawedBack;
  const how =
    pay.at === 'clawed-back rate' && reversed
      ? `at the rate the line it reverses was paid at in ${reversed.periodId}, ${pair} ${pay.rate} (${formatMinor(reversed.planMinor, planCurrency)} paid as ${formatMinor(reversed.payMinor, pay.currency)})`
      : pay.at === 'payment date'
        ? `at ${rateText(pay.rates[0] as ConversionRate)} on the payment date ${paymentDate}`
        : pay.rates.length === 1
          ? `at ${rateText(pay.rates[0] as ConversionRate)} on the fact date ${(pay.rates[0] as ConversionRate).on}`
          : `at the fact dates: ${pay.rates
              .map((r) => `${formatPercent(r.share)} of it on ${r.on} at ${rateText(r)}`)
              .join('; ')}`;
  const node: Explanation = {
    label: `Paid in ${pay.currency}`,
    value: pay.rate,
    unit: 'number',
    detail: `${formatMinor(line.amountMinor, planCurrency)} converted ${how} = ${formatMinor(pay.amountMinor, pay.currency)}, rounded half-even`,
    children: [],
  };
  return { ...explanation, children: [...explanation.children, node] };
}
