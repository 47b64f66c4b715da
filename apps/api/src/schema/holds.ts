/** Held pay: what a statement held and released, and the report of deals still held. */
import type { HeldDeal, HoldSummary } from '@attain/engine';
import { type HeldPayout, heldPayouts } from '../paycycle/holds-report.js';
import { builder } from './builder.js';
import { MoneyRef, StatementRef } from './payouts.js';

const HeldDealRef = builder.objectRef<HeldDeal & { currency: string }>('HeldDeal').implement({
  description: "One deal's pay that a held component has not paid yet.",
  fields: (t) => ({
    component: t.exposeString('component', { description: 'The held component, as the plan names it.' }),
    dealId: t.exposeString('dealId', { description: 'The id of the deal (the fact the component paid on).' }),
    heldInPeriod: t.exposeString('periodId', {
      description: "The period that earned and held it, e.g. '2026-01'.",
    }),
    amount: t.field({
      type: MoneyRef,
      description: "What the deal's release will pay, in the plan's currency.",
      resolve: (d) => ({ minor: d.amountMinor, currency: d.currency }),
    }),
  }),
});

const HoldsRef = builder.objectRef<HoldSummary & { currency: string }>('StatementHolds').implement({
  description:
    'What a statement held back and released, and every deal still held after its period. The `hold` and `release` lines carry the same amounts, so `total` stays the sum of the lines.',
  fields: (t) => ({
    held: t.field({
      type: MoneyRef,
      description: 'Held back this period (the `hold` lines, as a positive amount); 0 when nothing was.',
      resolve: (h) => ({ minor: h.heldMinor, currency: h.currency }),
    }),
    released: t.field({
      type: MoneyRef,
      description: 'Paid this period from earlier holds (the `release` lines); 0 when nothing was.',
      resolve: (h) => ({ minor: h.releasedMinor, currency: h.currency }),
    }),
    outstanding: t.field({
      type: [HeldDealRef],
      description: 'Every deal still held after this period, oldest first; empty when none is.',
      resolve: (h) => h.outstanding.map((d) => ({ ...d, currency: h.currency })),
    }),
  }),
});

builder.objectFields(StatementRef, (t) => ({
  holds: t.field({
    type: HoldsRef,
    nullable: true,
    description: 'Holds and releases of the period; null when the plan holds no component.',
    resolve: (statement) => (statement.holds ? { ...statement.holds, currency: statement.currency } : null),
  }),
}));

const HeldPayoutRef = builder.objectRef<HeldPayout>('HeldPayout').implement({
  description: "A deal's pay still held at the end of a period, read from the plan's current runs.",
  authScopes: { admin: true, analyst: true },
  fields: (t) => ({
    participantId: t.exposeString('participantId', { description: 'The participant it is held for.' }),
    component: t.exposeString('component', { description: 'The held component, as the plan names it.' }),
    dealId: t.exposeString('dealId', { description: 'The id of the deal (the fact the component paid on).' }),
    heldInPeriod: t.exposeString('heldInPeriodId', {
      description: "The period that earned and held it, e.g. '2026-01'.",
    }),
    amount: t.field({
      type: MoneyRef,
      description: "What its release will pay, in the plan's currency.",
      resolve: (h) => ({ minor: h.amountMinor, currency: h.currency }),
    }),
  }),
});

builder.queryField('heldPayouts', (t) =>
  t.field({
    type: [HeldPayoutRef],
    description:
      "Every deal whose pay a plan's current runs still hold at the end of a period (held in it or in the two years before, never released): the report of holds not released (admin, analyst). A plan that does not exist is NOT_FOUND; a period of another kind, or not calculated, INVALID_INPUT.",
    authScopes: { admin: true, analyst: true },
    args: {
      planId: t.arg.string({ description: 'The plan.' }),
      period: t.arg.string({ description: "The period the report is at the end of, e.g. '2026-04'." }),
    },
    resolve: (_root, args, context) => heldPayouts(context.repositories, args.planId, args.period),
  }),
);
