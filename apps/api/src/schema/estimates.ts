import { InvalidInputError, NotFoundError } from '../errors.js';
import {
  estimatePayout,
  type LineDifference,
  MAX_HYPOTHETICAL_DEALS,
  type PayoutEstimate,
} from '../payouts/estimate-payout.js';
import { PlanDoesNotCompileError } from '../plans/compile-versions.js';
import { FactsChangedError } from '../repositories/facts.js';
import type { StoredStatement } from '../repositories/payout-runs.js';
import { ownParticipantId } from './access.js';
import { builder, READERS, readersOrSelf } from './builder.js';
import { ParticipantRef } from './participants.js';
import { ExplanationRef, MoneyRef, PayoutLineRef, SegmentRef, WarningRef } from './payouts.js';
import { PlanRef } from './plans.js';
import { DayScalar, MinorUnitsScalar } from './scalars.js';

const HypotheticalDealInput = builder.inputType('HypotheticalDealInput', {
  description:
    'An order that has not happened, for an estimate only: credited wholly to the participant, checked like an imported order fact, and never stored.',
  fields: (t) => ({
    accountId: t.string({ description: "The account's external id (an imported account)." }),
    date: t.field({
      type: DayScalar,
      description: 'The day the deal would close, YYYY-MM-DD; it must fall inside the period.',
    }),
    amount: t.field({
      type: MinorUnitsScalar,
      description: 'The order amount in minor units of `currency`: 25000000 for 250,000.00.',
    }),
    cost: t.field({
      type: MinorUnitsScalar,
      required: false,
      description: 'Cost of what is sold, in minor units of `currency`; 0 when left out.',
    }),
    currency: t.string({ required: false, description: "ISO 4217; the plan's currency when left out." }),
    productLine: t.string({ required: false, description: 'The product line; "What-if" when left out.' }),
    repeat: t.boolean({
      required: false,
      description: 'True for a repeat order from an existing customer; false when left out.',
    }),
  }),
});

const EstimatedStatementRef = builder.objectRef<StoredStatement>('EstimatedStatement').implement({
  description:
    'A statement calculated for an estimate and not stored: the shape of a Statement, without an id.',
  authScopes: (statement) => readersOrSelf(statement.participantId),
  fields: (t) => ({
    targetIncentive: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        'The target incentive for the period, cut and prorated; null when the participant has none.',
      resolve: (s) =>
        s.targetIncentiveMinor === null ? null : { minor: s.targetIncentiveMinor, currency: s.currency },
    }),
    total: t.field({
      type: MoneyRef,
      description: 'The sum of the lines.',
      resolve: (s) => ({ minor: s.totalMinor, currency: s.currency }),
    }),
    lines: t.field({
      type: [PayoutLineRef],
      description: 'Each component (and clawback), with its explanation.',
      resolve: (s) => s.lines.map((line) => ({ ...line, currency: s.currency })),
    }),
    segments: t.field({
      type: [SegmentRef],
      description: 'The stretches of the period, in date order, with the proration of each target incentive.',
      resolve: (s) => s.segments.map((segment) => ({ ...segment, currency: s.currency })),
    }),
    adjustments: t.field({
      type: [ExplanationRef],
      description: 'Gates, modifiers and caps the plan applied, in order.',
      resolve: (s) => s.adjustments,
    }),
    warnings: t.field({
      type: [WarningRef],
      description: 'Missing data with a defined result (a goal that does not exist pays 0); empty when none.',
      resolve: (s) => s.warnings,
    }),
  }),
});

const LineDifferenceRef = builder
  .objectRef<LineDifference & { currency: string; participantId: string }>('PayoutLineDifference')
  .implement({
    description: 'One line of the statement with and without the hypothetical deals.',
    authScopes: (line) => readersOrSelf(line.participantId),
    fields: (t) => ({
      component: t.exposeString('component', { description: 'The component (or clawback) the line pays.' }),
      kind: t.string({
        description: "'payout', 'clawback', 'draw', 'draw-recovery', 'hold' or 'release'.",
        resolve: (line) => line.kind,
      }),
      from: t.expose('from', { type: DayScalar, description: 'First day the line pays for.' }),
      to: t.expose('to', { type: DayScalar, description: 'Last day the line pays for.' }),
      baseline: t.field({
        type: MoneyRef,
        nullable: true,
        description: 'The amount without the deals; null when only the estimate has this line.',
        resolve: (line) =>
          line.baselineMinor === null ? null : { minor: line.baselineMinor, currency: line.currency },
      }),
      estimate: t.field({
        type: MoneyRef,
        nullable: true,
        description: 'The amount with the deals; null when only the baseline has this line.',
        resolve: (line) =>
          line.estimateMinor === null ? null : { minor: line.estimateMinor, currency: line.currency },
      }),
      difference: t.field({
        type: MoneyRef,
        description: 'estimate - baseline (a missing side counts as 0).',
        resolve: (line) => ({ minor: line.differenceMinor, currency: line.currency }),
      }),
    }),
  });

const PayoutEstimateRef = builder.objectRef<PayoutEstimate>('PayoutEstimate').implement({
  description:
    'What a participant would be paid in a period if some deals closed, calculated now from the stored data and never stored.',
  authScopes: (estimate) => readersOrSelf(estimate.participantId),
  fields: (t) => ({
    participant: t.field({
      type: ParticipantRef,
      nullable: true,
      description: 'The participant estimated; null only if the participant was deleted meanwhile.',
      resolve: (e) => e.participantId,
    }),
    plan: t.field({
      type: PlanRef,
      nullable: true,
      description: 'The plan that pays the participant in the period; null only if it was deleted meanwhile.',
      resolve: (e) => e.planId,
    }),
    period: t.exposeString('periodId', { description: "The period estimated, e.g. '2026-Q4'." }),
    currency: t.exposeString('currency', { description: "The plan's currency, ISO 4217." }),
    baseline: t.field({
      type: EstimatedStatementRef,
      description: 'The statement on the stored facts alone, calculated now (not read from a payout run).',
      resolve: (e) => e.baseline,
    }),
    estimate: t.field({
      type: EstimatedStatementRef,
      description: 'The statement with the hypothetical deals added.',
      resolve: (e) => e.estimate,
    }),
    difference: t.field({
      type: MoneyRef,
      description: "estimate.total - baseline.total: what the deals would add to the participant's pay.",
      resolve: (e) => ({ minor: e.estimate.totalMinor - e.baseline.totalMinor, currency: e.currency }),
    }),
    lines: t.field({
      type: [LineDifferenceRef],
      description:
        "The lines paired by component and days, in the estimate's order, then lines only the baseline has.",
      resolve: (e) =>
        e.lines.map((line) => ({ ...line, currency: e.currency, participantId: e.participantId })),
    }),
  }),
});

builder.queryField('estimatePayout', (t) =>
  t.field({
    type: PayoutEstimateRef,
    description: `What a participant would be paid in a period if some deals closed: the period calculated with and without them, and the difference line by line. Nothing is stored. A participant key may estimate only its own pay (readers anyone's); at most ${MAX_HYPOTHETICAL_DEALS} deals.`,
    authScopes: { ...READERS, participant: true },
    errors: { types: [NotFoundError, InvalidInputError, PlanDoesNotCompileError, FactsChangedError] },
    args: {
      participantId: t.arg.string({ description: "The participant's external id." }),
      deals: t.arg({ type: [HypotheticalDealInput], description: 'The deals to add; may be empty.' }),
      period: t.arg.string({
        required: false,
        description:
          "A period of the plan's kind, e.g. '2026-Q4'; when left out, the open period: the one that contains today (UTC).",
      }),
      planId: t.arg.string({
        required: false,
        description: 'The plan; when left out, the one plan the participant is assigned to today.',
      }),
    },
    resolve: async (_root, args, context) => {
      const self = ownParticipantId(context);
      // Another person's id answers as an unknown one, so a participant key learns nothing of them.
      if (self !== null && self !== args.participantId) {
        throw new NotFoundError(`No participant your key may see has the id "${args.participantId}".`);
      }
      return estimatePayout(context.repositories, {
        participantId: args.participantId,
        planId: args.planId ?? null,
        periodId: args.period ?? null,
        today: new Date().toISOString().slice(0, 10),
        deals: args.deals.map((deal) => ({
          accountId: deal.accountId,
          date: deal.date,
          amountMinor: deal.amount,
          costMinor: deal.cost ?? null,
          currency: deal.currency ?? null,
          productLine: deal.productLine ?? null,
          repeat: deal.repeat ?? null,
        })),
      });
    },
  }),
);
