/** Checks of a draw: a guaranteed minimum per period over a range of the plan's periods. */
import type * as ast from '../../parser/ast.js';
import type { PeriodKind } from '../../vocabulary.js';
import { type CheckContext, report } from '../check-context.js';

/** How each kind of plan period is written, for the messages. */
const periodForms: Record<PeriodKind, { pattern: RegExp; example: string }> = {
  month: { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, example: '2026-01' },
  quarter: { pattern: /^\d{4}-Q[1-4]$/, example: '2026-Q1' },
  half: { pattern: /^\d{4}-H[12]$/, example: '2026-H1' },
  year: { pattern: /^\d{4}$/, example: '2026' },
};

/** A period id's order among the plan's periods (year x 12 + index), or null when it is not one of them. */
export function drawPeriodOrdinal(text: string, kind: PeriodKind): number | null {
  if (!periodForms[kind].pattern.test(text)) return null;
  const year = Number(text.slice(0, 4));
  const index = kind === 'year' ? 1 : Number(text.slice(kind === 'month' ? 5 : 6));
  return year * 12 + index;
}

/**
 * One draw per plan; its amount and limit are money above 0; its periods are periods of the
 * plan's kind, in order; recovery options only on a recoverable draw.
 */
export function checkDraw(ctx: CheckContext, d: ast.DrawDecl): void {
  const plan = ctx.checked.plan;
  const first = plan.declarations.find((x): x is ast.DrawDecl => x.kind === 'DrawDecl');
  if (first && first !== d) {
    report(
      ctx,
      'error',
      'DUPLICATE_DRAW',
      'A plan has one draw; this is a second. Merge them into one line, or put the second in another plan version.',
      d.range,
      { related: [{ message: 'The first draw', range: first.range }] },
    );
    return;
  }
  const kind = plan.header.find((h): h is ast.PeriodItem => h.kind === 'PeriodItem')?.period ?? null;
  for (const money of [d.amount, d.limit]) {
    if (money && (money.percent || money.written <= 0)) {
      report(
        ctx,
        'error',
        'DRAW_AMOUNT',
        `A draw ${money === d.amount ? 'amount' : 'recovery limit'} is an amount of money above 0 in the plan currency, such as 1,000${money.percent ? ', not a percentage' : ''}.`,
        money.range,
      );
    }
  }
  if (kind === null) return; // MISSING_PERIOD says it
  for (const word of [d.per, d.limitPer]) {
    if (word && word.period !== kind) {
      report(
        ctx,
        'error',
        'DRAW_PERIOD',
        `The plan pays every ${kind}, so a draw is per ${kind}: write 'per ${kind}' instead of 'per ${word.period}'.`,
        word.range,
        { suggestions: [{ message: `Replace with '${kind}'`, range: word.range, replacement: kind }] },
      );
    }
  }
  const ordinal = (ref: ast.PeriodRef | null): number | null => {
    if (!ref) return null;
    const value = drawPeriodOrdinal(ref.text, kind);
    if (value === null) {
      report(
        ctx,
        'error',
        'DRAW_PERIOD',
        `'${ref.text}' is not a ${kind} of this plan, which pays every ${kind}: write a ${kind} such as ${periodForms[kind].example}.`,
        ref.range,
      );
    }
    return value;
  };
  const from = ordinal(d.first);
  const to = ordinal(d.last);
  const recovery = ordinal(d.recoveryFrom);
  if (from !== null && to !== null && to < from && d.last) {
    report(
      ctx,
      'error',
      'DRAW_RANGE',
      `The draw ends (${d.last.text}) before it starts (${d.first?.text}): write the first period, then the last.`,
      d.last.range,
    );
  }
  if (!d.recoverable) {
    const option = d.recoveryFrom ?? d.limit;
    if (option) {
      report(
        ctx,
        'error',
        'DRAW_NOT_RECOVERABLE',
        "A draw that is not recoverable is never recovered, so it has no start of recovery or recovery limit: make it 'recoverable' or remove the option.",
        option.range,
      );
    }
  }
  if (from !== null && recovery !== null && recovery < from && d.recoveryFrom) {
    report(
      ctx,
      'error',
      'DRAW_RANGE',
      `Recovery starts (${d.recoveryFrom.text}) before the draw does (${d.first?.text}): there is nothing to recover yet. Start it at ${d.first?.text} or later.`,
      d.recoveryFrom.range,
    );
  }
}
