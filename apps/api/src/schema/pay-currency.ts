/** Statement and line fields in the participant's pay currency (docs/api-payouts.md, "Pay currency"). */
import { readPayingEntries } from '../paycycle/period-entries.js';
import type { StoredLinePay } from '../repositories/payout-runs.js';
import { builder } from './builder.js';
import { AdjustmentRef, linesOf } from './paycycle.js';
import { MoneyRef, PayoutLineRef, StatementRef } from './payouts.js';

const ConversionAtEnum = builder.enumType('PayConversionAt', {
  description:
    "When a line converted into the pay currency, as the plan's 'convert to pay currency at ...' says.",
  values: {
    FACT_DATE: { value: 'fact date', description: 'At the rate of the date of each fact the line pays on.' },
    PAYMENT_DATE: {
      value: 'payment date',
      description: "At the rate of the payment date, the period's last day.",
    },
    CLAWED_BACK_RATE: {
      value: 'clawed-back rate',
      description:
        'A clawback under FACT_DATE: at the rate the line it reverses was paid at (its pay-currency amount over its plan-currency amount), so that paying and taking back a deal nets to zero; `rates` is empty.',
    },
  } as const,
});

const ConversionRateRef = builder
  .objectRef<StoredLinePay['rates'][number] & { pair: string }>('ConversionRate')
  .implement({
    description: 'One exchange rate a line was converted at.',
    fields: (t) => ({
      pair: t.exposeString('pair', {
        description: 'The pair, plan currency / pay currency, e.g. "EUR/USD".',
      }),
      on: t.exposeString('on', {
        description: 'The day converted at (ISO day): a fact date or the payment date.',
      }),
      rate: t.exposeFloat('rate', {
        description: 'Units of the pay currency per unit of the plan currency, e.g. 1.08.',
      }),
      rateFrom: t.exposeString('rateFrom', {
        nullable: true,
        description:
          'The first day of the stored rate applied (ISO day); null when it was the standing (undated) rate.',
      }),
      share: t.exposeFloat('share', {
        description:
          "The part of the line converted at this rate, 0 to 1 (its facts' share of the line's facts).",
      }),
    }),
  });

const LineConversionRef = builder
  .objectRef<StoredLinePay & { planCurrency: string }>('LineConversion')
  .implement({
    description: "How a line's amount in the plan currency became its amount in the pay currency.",
    fields: (t) => ({
      at: t.field({
        type: ConversionAtEnum,
        description:
          'FACT_DATE when the line converted at the dates of the facts it pays on; CLAWED_BACK_RATE for a clawback under FACT_DATE, at the rate of the line it reverses; PAYMENT_DATE otherwise (also for lines that pay on no facts under FACT_DATE).',
        resolve: (c) => c.at,
      }),
      rate: t.exposeFloat('rate', {
        description:
          'The rate applied: the one rate, or for facts of several dates their average weighted by the share of each.',
      }),
      rates: t.field({
        type: [ConversionRateRef],
        description: 'Each rate used, by the day converted at.',
        resolve: (c) => c.rates.map((r) => ({ ...r, pair: `${c.planCurrency}/${c.currency}` })),
      }),
    }),
  });

builder.objectFields(PayoutLineRef, (t) => ({
  payAmount: t.field({
    type: MoneyRef,
    description:
      "The line in the participant's pay currency, rounded half-even per line; the same as `amount` when they are paid in the plan currency.",
    resolve: (line) =>
      line.pay
        ? { minor: line.pay.amountMinor, currency: line.pay.currency }
        : { minor: line.amountMinor, currency: line.currency },
  }),
  exchangeRate: t.float({
    nullable: true,
    description:
      'Units of the pay currency per unit of the plan currency the line converted at (see `conversion`); null when it was not converted.',
    resolve: (line) => line.pay?.rate ?? null,
  }),
  conversion: t.field({
    type: LineConversionRef,
    nullable: true,
    description: 'Which rate and date converted the line; null when it was not converted.',
    resolve: (line) => (line.pay ? { ...line.pay, planCurrency: line.currency } : null),
  }),
}));

builder.objectFields(StatementRef, (t) => ({
  payCurrency: t.string({
    description:
      "ISO 4217 code the participant is paid in: their pay currency when the plan converts into it, else the plan's currency.",
    resolve: (s) => s.pay?.currency ?? s.currency,
  }),
  payTotal: t.field({
    type: MoneyRef,
    description:
      "What the statement pays in `payCurrency`: exactly the sum of the lines' `payAmount` (`total` when it is the plan currency).",
    resolve: (s) =>
      s.pay
        ? { minor: s.pay.totalMinor, currency: s.pay.currency }
        : { minor: s.totalMinor, currency: s.currency },
  }),
  paymentDate: t.string({
    nullable: true,
    description:
      "The payment date its lines converted at under PAYMENT_DATE (ISO day, the period's last day); null when nothing was converted.",
    resolve: (s) => s.pay?.paymentDate ?? null,
  }),
}));

builder.objectFields(AdjustmentRef, (t) => ({
  payAmount: t.field({
    type: MoneyRef,
    description:
      "The line in the participant's pay currency, converted once when it was entered and rounded half-even: a manual line at the rate of its period's last day, a correction at the rate the corrected line was paid at. The same as `amount` when the line pays in the plan currency.",
    resolve: (line) =>
      line.pay
        ? { minor: line.pay.amountMinor, currency: line.pay.currency }
        : { minor: line.amountMinor, currency: line.entry.currency ?? '' },
  }),
  exchangeRate: t.float({
    nullable: true,
    description:
      'Units of the pay currency per unit of the plan currency the line converted at; null when it pays in the plan currency.',
    resolve: (line) => line.pay?.rate ?? null,
  }),
}));

builder.objectFields(StatementRef, (t) => ({
  payTotalPayable: t.field({
    type: MoneyRef,
    description:
      '`payTotal` plus the `payAmount` of the adjustment lines paid in `payCurrency`: what the payroll export pays the participant for this statement in that currency (`totalPayable` when it is the plan currency).',
    resolve: async (s, _args, context) => {
      const entries = await readPayingEntries(context.repositories, s.planId, s.periodId);
      const currency = s.pay?.currency ?? s.currency;
      // A line entered in the plan currency before adjustments converted is paid in that
      // currency's file, not in this total.
      const minor = linesOf(entries, s.participantId).reduce((sum, line) => {
        const paid = line.pay ?? { currency: line.entry.currency, amountMinor: line.amountMinor };
        return paid.currency === currency ? sum + paid.amountMinor : sum;
      }, s.pay?.totalMinor ?? s.totalMinor);
      return { minor, currency };
    },
  }),
}));
