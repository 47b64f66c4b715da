/**
 * Adjustments in the participant's pay currency (docs/api-paycycle.md, "Adjustments in the pay
 * currency"). An adjustment is entered in the plan's currency; for someone whose statements
 * convert into another currency it is converted once, when it is written, and keeps that amount:
 * - a manual adjustment at the rate in force on its effective date, the last day of the period
 *   it pays in (the payment date, as a line under `convert to pay currency at payment date`);
 * - a prior-period correction at the rate the line it corrects was paid at in the approved
 *   period, so that a recalculation that changes only rates carries nothing and one that changes
 *   the plan-currency amount carries exactly that change at the rate it was paid at.
 */
import { type FxRates, minorUnitScale, type Period, type PlanVersion, rateOn } from '@attain/engine';
import { roundMinor } from '@attain/rules';
import { InvalidInputError } from '../errors.js';
import type { PayoutEntry, PayoutEntryLine, PayoutEntryPay } from '../repositories/payout-entries.js';
import type { LedgerStatement } from '../repositories/payout-runs.js';

/** The plan version in force on `day` (ISO), else the last one. */
function versionOn(versions: readonly PlanVersion[], day: string): PlanVersion | undefined {
  return (
    versions.find(
      (v) =>
        (v.effectiveFrom ?? '') <= day &&
        (v.effectiveTo === null || v.effectiveTo === undefined || day <= v.effectiveTo),
    ) ?? versions.at(-1)
  );
}

/**
 * A manual adjustment of `amountMinor` (plan currency) in the participant's pay currency, at the
 * rate in force on the period's last day; null when they are paid in the plan's currency or the
 * plan does not convert. A missing rate is an InvalidInputError that says which rate to set.
 */
export function manualAdjustmentPay(request: {
  versions: readonly PlanVersion[];
  period: Period;
  paymentDate: string;
  participantId: string;
  participantCurrency: string | null;
  amountMinor: number;
  fx: FxRates;
}): PayoutEntryPay | null {
  const plan = versionOn(request.versions, request.paymentDate)?.plan;
  if (!plan?.payConversion) return null;
  const payCurrency = request.participantCurrency || plan.currency;
  if (payCurrency === plan.currency) return null;
  const pair = `${plan.currency}/${payCurrency}`;
  const found = rateOn(request.fx, pair, request.paymentDate);
  if (!found) {
    throw new InvalidInputError(
      'participantId',
      `${request.participantId} is paid in ${payCurrency} and the plan in ${plan.currency}, and there is no ${pair} rate on ${request.paymentDate}, the day ${request.period.id} pays: set one dated on or before ${request.paymentDate} (setExchangeRates) and enter the adjustment again.`,
    );
  }
  return {
    currency: payCurrency,
    amountMinor: roundMinor(
      request.amountMinor * found.rate * minorUnitScale(plan.currency, payCurrency),
      'half-even',
    ),
    rate: found.rate,
    on: request.paymentDate,
    rateFrom: found.from,
  };
}

/** Plan- and pay-currency sums of what one participant's line code was paid. */
interface PaidSums {
  currency: string;
  amountMinor: number;
  payMinor: number;
}

function paidSums(
  ledger: readonly LedgerStatement[],
  code: (line: LedgerStatement['lines'][number]) => string,
) {
  const sums = new Map<string, PaidSums>();
  for (const statement of ledger) {
    for (const line of statement.lines) {
      if (!line.pay) continue;
      const key = `${statement.participantId}\u0000${code(line)}`;
      const sum = sums.get(key) ?? { currency: line.pay.currency, amountMinor: 0, payMinor: 0 };
      sum.amountMinor += line.amountMinor;
      sum.payMinor += line.pay.amountMinor;
      sums.set(key, sum);
    }
  }
  return sums;
}

/**
 * The correction lines with their pay-currency amounts: each at the rate its participant's line
 * was paid at in the approved run (pay-currency over plan-currency amount of that line code),
 * else in earlier corrections, else in the recalculated run (a line the approval did not have).
 * The pay currency is the one the approved period paid them in, so a participant who has since
 * moved to another currency is corrected in the one they were paid in; a participant the approved
 * period paid in the plan's currency stays in it. Each line is rounded half-even.
 */
export function withCorrectionPay(
  lines: readonly PayoutEntryLine[],
  sources: {
    approved: readonly LedgerStatement[];
    recalculated: readonly LedgerStatement[];
    corrections: readonly PayoutEntry[];
    planCurrency: string;
    code: (line: LedgerStatement['lines'][number]) => string;
  },
): PayoutEntryLine[] {
  const approved = paidSums(sources.approved, sources.code);
  const recalculated = paidSums(sources.recalculated, sources.code);
  const approvedParticipants = new Map<string, string | null>();
  for (const statement of sources.approved) {
    approvedParticipants.set(
      statement.participantId,
      statement.lines.find((l) => l.pay)?.pay?.currency ?? null,
    );
  }
  const corrected = new Map<string, PaidSums>();
  for (const entry of sources.corrections) {
    for (const line of entry.lines) {
      if (!line.pay) continue;
      const key = `${line.participantId}\u0000${line.code}`;
      const sum = corrected.get(key) ?? { currency: line.pay.currency, amountMinor: 0, payMinor: 0 };
      sum.amountMinor += line.amountMinor;
      sum.payMinor += line.pay.amountMinor;
      corrected.set(key, sum);
    }
  }
  return lines.map((line) => {
    const key = `${line.participantId}\u0000${line.code}`;
    // Someone the approved period paid in the plan's currency is corrected in it.
    const paidIn = approvedParticipants.has(line.participantId)
      ? approvedParticipants.get(line.participantId)
      : (recalculated.get(key)?.currency ?? null);
    if (!paidIn) return line;
    const basis = [approved.get(key), corrected.get(key), recalculated.get(key)].find(
      (sum) => sum !== undefined && sum.currency === paidIn && sum.amountMinor !== 0,
    );
    if (!basis) return line;
    // amount × pay / plan, as one division of integers so that an exact half stays exact.
    const amountMinor = roundMinor((line.amountMinor * basis.payMinor) / basis.amountMinor, 'half-even');
    const pay: PayoutEntryPay = {
      currency: paidIn,
      amountMinor,
      rate: basis.payMinor / basis.amountMinor / minorUnitScale(sources.planCurrency, paidIn),
      on: null,
      rateFrom: null,
    };
    return { ...line, pay };
  });
}
