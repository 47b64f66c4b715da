import type { Diagnostic } from '@attain/rules';
import { AppError } from '../errors.js';

/**
 * Plan text has errors, so nothing was stored (code PLAN_HAS_ERRORS): text being published, or
 * the draft text of a backtest candidate. One error for both, so clients switch on one type.
 */
export class PlanHasErrors extends AppError {
  override name = 'PlanHasErrors';
  /** The backtest candidate whose draft text this is; null for text being published. */
  readonly candidate: string | null;

  constructor(
    readonly diagnostics: readonly Diagnostic[],
    options: { candidate?: string } = {},
  ) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const count = `${errors} error${errors === 1 ? '' : 's'}`;
    super(
      'PLAN_HAS_ERRORS',
      options.candidate === undefined
        ? `The plan text has ${count}; fix them (see diagnostics) and publish again.`
        : `The draft text of candidate "${options.candidate}" has ${count}; fix them (see diagnostics) and start the backtest again.`,
    );
    this.candidate = options.candidate ?? null;
  }
}
