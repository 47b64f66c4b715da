import { digitsOf } from '@attain/rules';
import { InvalidInputError } from '../errors.js';
import type { ExchangeRate } from '../repositories/exchange-rates.js';
import { audited } from './audit.js';
import { builder, READERS } from './builder.js';

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
  }),
});

const ExchangeRateInput = builder.inputType('ExchangeRateInput', {
  description: 'The rate of one currency pair; setting a pair again replaces its rate.',
  fields: (t) => ({
    from: t.string({ description: 'ISO 4217 code, e.g. "EUR".' }),
    to: t.string({ description: 'ISO 4217 code, e.g. "USD".' }),
    rate: t.float({ description: 'Units of `to` per unit of `from`, e.g. 1.08.' }),
  }),
});

builder.queryField('exchangeRates', (t) =>
  t.field({
    type: [ExchangeRateRef],
    description: 'The rates payout runs use, one per currency pair.',
    authScopes: READERS,
    resolve: (_root, _args, context) => context.repositories.exchangeRates.findAll(),
  }),
);

builder.mutationField('setExchangeRates', (t) =>
  t.field({
    type: [ExchangeRateRef],
    description: `Sets the rate of each pair given (admin, at most ${MAX_RATES_PER_CALL} a call); all or nothing. Returns every rate.`,
    authScopes: { admin: true },
    errors: {
      types: [InvalidInputError],
      dataField: { description: 'Every stored rate after the change, one per currency pair.' },
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
        if (!Number.isFinite(rate.rate) || rate.rate <= 0) {
          throw new InvalidInputError(
            `rates[${index}].rate`,
            `A rate is a positive number, got ${rate.rate}.`,
          );
        }
      });
      await context.repositories.exchangeRates.setMany(args.rates);
      return context.repositories.exchangeRates.findAll();
    }),
  }),
);
