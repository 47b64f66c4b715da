/** A statement's draw: the plan's guaranteed minimum, its top-up, its recovery and the balance carried. */
import type { DrawSummary } from '@attain/engine';
import { builder } from './builder.js';
import { MoneyRef, StatementRef } from './payouts.js';

type DrawView = DrawSummary & { currency: string };

const money = (minor: number, currency: string) => ({ minor, currency });

const DrawRef = builder.objectRef<DrawView>('StatementDraw').implement({
  description:
    "The plan's draw in the statement's period: earnings against the guaranteed minimum, the top-up paid (the `draw` line), the recovery (the `draw_recovery` line) and the balance of a recoverable draw. Amounts are in the statement's currency.",
  fields: (t) => ({
    rule: t.exposeString('label', {
      description:
        "The draw as the plan text writes it, e.g. 'draw 1,000 per month, recoverable, from 2026-01 to 2026-06'.",
    }),
    recoverable: t.exposeBoolean('recoverable', {
      description: 'True when top-ups are a balance recovered from later earnings above the minimum.',
    }),
    earnings: t.field({
      type: MoneyRef,
      description:
        "What the statement's lines paid before the draw (payouts and clawbacks; not adjustments).",
      resolve: (d) => money(d.earningsMinor, d.currency),
    }),
    minimum: t.field({
      type: MoneyRef,
      description:
        "The guaranteed minimum of this period; 0 after the draw's last period, while a balance is recovered.",
      resolve: (d) => money(d.minimumMinor, d.currency),
    }),
    openingBalance: t.field({
      type: MoneyRef,
      description:
        'Top-ups not yet recovered, carried in: the top-ups minus the recoveries of the earlier statements of the current runs. Always 0 for a draw that is not recoverable.',
      resolve: (d) => money(d.openingBalanceMinor, d.currency),
    }),
    topUp: t.field({
      type: MoneyRef,
      description: 'The `draw` line: the minimum minus the earnings when they fall short, else 0.',
      resolve: (d) => money(d.topUpMinor, d.currency),
    }),
    recovered: t.field({
      type: MoneyRef,
      description:
        'Recovered this period, positive (the `draw_recovery` line is its negative); negative when earlier periods recovered more than was drawn and it is paid back.',
      resolve: (d) => money(d.recoveredMinor, d.currency),
    }),
    closingBalance: t.field({
      type: MoneyRef,
      description:
        'The balance carried out: opening balance plus the top-up (when recoverable) minus the recovery.',
      resolve: (d) => money(d.closingBalanceMinor, d.currency),
    }),
  }),
});

builder.objectFields(StatementRef, (t) => ({
  draw: t.field({
    type: DrawRef,
    nullable: true,
    description:
      "The plan's draw in this period; null when the plan has none, before its first period, and after its last once nothing is left to recover.",
    resolve: (statement) => (statement.draw ? { ...statement.draw, currency: statement.currency } : null),
  }),
}));
