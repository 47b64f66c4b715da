import { type Period, parsePeriod } from '@attain/engine';
import { InvalidInputError } from '../errors.js';

/** Years outside this range are refused: they are typing mistakes, not pay periods. */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2200;

/** How to write a period of each kind, for the error that refuses one of another kind. */
export const PERIOD_EXAMPLES = {
  month: 'a month like "2025-07"',
  quarter: 'a quarter like "2025-Q3"',
  half: 'a half like "2025-H2"',
  year: 'a year like "2025"',
} as const;

/**
 * Parses the id of a period a plan pays for: of the plan's kind and in a plausible year. Anything
 * else is an InvalidInputError on `field` that says how to write one; `payer` names who pays per
 * that kind in the message, e.g. 'plan "Team performance"' or 'the baseline'.
 */
export function parsePlanPeriod(id: string, kind: Period['kind'], field: string, payer: string): Period {
  const period = parsePeriod(id);
  if (!period || period.kind !== kind) {
    throw new InvalidInputError(
      field,
      `"${id}" is not a ${kind}: ${payer} pays per ${kind}; write ${PERIOD_EXAMPLES[kind]}.`,
    );
  }
  if (period.year < FIRST_YEAR || period.year > LAST_YEAR) {
    throw new InvalidInputError(
      field,
      `${id} is out of range; use a year from ${FIRST_YEAR} to ${LAST_YEAR}.`,
    );
  }
  return period;
}
