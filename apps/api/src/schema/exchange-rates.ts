import { digitsOf } from '@attain/rules';
import { isIsoDay } from '../db/days.js';
import { ConflictError } from '../db/errors.js';
import { pageOfSorted } from '../db/page.js';
import { InvalidInputError } from '../errors.js';
import type { ExchangeRate } from '../repositories/exchange-rates.js';
import { audited } from './audit.js';
import { builder, READERS } from './builder.js';
import { toConnection, toPageRequest } from './pagination.js';

const MAX_RATES_PER_CALL = 1_000;

const ExchangeRateRef = builder.objectRef<ExchangeRate>('ExchangeRate').implement({
  description:
    '1 unit of `from` is worth `rate` units of `to`. Payout runs convert facts into the plan currency with it.',
  authScopes: READERS,
  fields: (t) => ({
    from: t.exposeString('from', { description: 'ISO 4217 code of the currency converted from.' }),
    to: t.exposeString('to', { description: 'ISO 4217 code of the currency converted to.' }),
    rate: t.exposeFloat('rate', {
      description: 'Units of `to` per unit of `from` (major units), e.g. 1.08.',
    }),
    date: t.exposeString('date', {
      nullable: true,
      description:
        'First day the rate applies (ISO day, e.g. "2026-02-01"); it holds until the next dated rate of the pair. Null for the standing rate, which applies before the first dated rate (rates set without a date, as all were before rates had dates).',
    }),
    setAt: t.field({
      type: 'String',
      nullable: true,
      description: 'When the rate was set (ISO timestamp, UTC); null on rates stored before this was kept.',
      resolve: (rate) => rate.setAt?.toISOString() ?? null,
    }),
  }),
});

const ExchangeRateInput = builder.inputType('ExchangeRateInput', {
  description:
    "The rate of one currency pair from a date. A dated rate is kept for good: setting the same pair and date again with the same rate changes nothing, with another rate is a CONFLICT. Without a date it replaces the pair's standing rate (which re-prices every period without a dated rate; prefer dates); the same standing rate again changes nothing, and a call that raced another setting a different standing rate of the pair is a CONFLICT.",
  fields: (t) => ({
    from: t.string({ description: 'ISO 4217 code, e.g. "EUR".' }),
    to: t.string({ description: 'ISO 4217 code, e.g. "USD".' }),
    rate: t.float({ description: 'Units of `to` per unit of `from`, e.g. 1.08.' }),
    date: t.string({
      required: false,
      description:
        'First day the rate applies, an ISO day ("2026-02-01"); it holds until the next dated rate. Null or absent: the standing rate.',
    }),
  }),
});

builder.queryField('exchangeRates', (t) =>
  t.field({
    type: [ExchangeRateRef],
    description:
      'The rates payout runs use: per pair the standing rate (date null) first, then the dated rates by date. Every rate ever set with a date is listed.',
    deprecationReason:
      'Unpaged: it returns every rate however many there are. Use exchangeRatesConnection, at most 100 a page.',
    authScopes: READERS,
    args: {
      from: t.arg.string({
        required: false,
        description: 'Only rates from this ISO 4217 code; give `to` too.',
      }),
      to: t.arg.string({
        required: false,
        description: 'Only rates into this ISO 4217 code; give `from` too.',
      }),
    },
    resolve: (_root, args, context) =>
      context.repositories.exchangeRates.findAll(
        args.from && args.to ? { from: args.from, to: args.to } : undefined,
      ),
  }),
);

builder.queryField('exchangeRatesConnection', (t) =>
  t.connection({
    type: ExchangeRateRef,
    description:
      'The rates payout runs use, at most 100 a page (20 when neither `first` nor `last` is given): by pair ("EUR/GBP" before "EUR/USD"), per pair the standing rate (date null) first, then the dated rates by date. Every rate ever set with a date is listed.',
    authScopes: READERS,
    args: {
      from: t.arg.string({
        required: false,
        description: 'Only rates from this ISO 4217 code; give `to` too.',
      }),
      to: t.arg.string({
        required: false,
        description: 'Only rates into this ISO 4217 code; give `from` too.',
      }),
    },
    resolve: async (_root, args, context) => {
      // Few enough to read whole, as a run does; a page is cut from them by key.
      const rates = await context.repositories.exchangeRates.findAll(
        args.from && args.to ? { from: args.from, to: args.to } : undefined,
      );
      return toConnection(pageOfSorted(rates, rateKey, toPageRequest(args)), rateKey);
    },
  }),
);

/** A rate's place in `exchangeRatesConnection`: `FROM/TO` for the standing rate, `FROM/TO@day` for a dated one. */
function rateKey(rate: ExchangeRate): string {
  return rate.date === null ? `${rate.from}/${rate.to}` : `${rate.from}/${rate.to}@${rate.date}`;
}

builder.mutationField('setExchangeRates', (t) =>
  t.field({
    type: [ExchangeRateRef],
    description: `Sets the rate of each pair given, from its date (admin, at most ${MAX_RATES_PER_CALL} a call); all or nothing, audited. Returns every rate.`,
    authScopes: { admin: true },
    errors: {
      types: [InvalidInputError, ConflictError],
      dataField: {
        description: 'Every stored rate after the change, as the exchangeRates query lists them.',
      },
    },
    args: {
      rates: t.arg({
        type: [ExchangeRateInput],
        description: `The pairs to set, at most ${MAX_RATES_PER_CALL}; an INVALID_INPUT error names the bad one as \`rates[i]\` (0-based).`,
      }),
    },
    resolve: audited(async (_root, args, context) => {
      if (args.rates.length > MAX_RATES_PER_CALL) {
        throw new InvalidInputError('rates', `At most ${MAX_RATES_PER_CALL} rates a call; split the list.`);
      }
      args.rates.forEach((rate, index) => {
        for (const side of ['from', 'to'] as const) {
          if (digitsOf(rate[side]) === null) {
            throw new InvalidInputError(
              `rates[${index}].${side}`,
              `"${rate[side]}" is not an ISO 4217 currency code; write it like "USD" or "EUR".`,
            );
          }
        }
        if (rate.from === rate.to) {
          throw new InvalidInputError(
            `rates[${index}].to`,
            `A rate converts between two different currencies.`,
          );
        }
        if (rate.date != null && !isIsoDay(rate.date)) {
          throw new InvalidInputError(
            `rates[${index}].date`,
            `"${rate.date}" is not a day; write it as YYYY-MM-DD, e.g. "2026-02-01".`,
          );
        }
        if (!Number.isFinite(rate.rate) || rate.rate <= 0) {
          throw new InvalidInputError(
            `rates[${index}].rate`,
            `A rate is a positive number, got ${rate.rate}.`,
          );
        }
      });
      await context.repositories.exchangeRates.setMany(args.rates, context.apiKey?.id ?? null);
      return context.repositories.exchangeRates.findAll();
    }),
  }),
);
