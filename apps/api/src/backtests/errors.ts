import { AppError } from '../errors.js';

/** The facts the backtest would load do not fit the configured limit; nothing was stored. */
export class BacktestTooLargeError extends AppError {
  override name = 'BacktestTooLargeError';
  constructor(
    readonly factCount: number,
    readonly maxFacts: number,
    readonly estimatedBytes: number,
  ) {
    super(
      'BACKTEST_TOO_LARGE',
      `This backtest would load ${factCount.toLocaleString('en-US')} facts (about ${Math.ceil(estimatedBytes / 2 ** 20).toLocaleString('en-US')} MB in memory), more than the limit of ${maxFacts.toLocaleString('en-US')} (ATTAIN_BACKTEST_MAX_FACTS). Narrow the period range, or raise the limit on a machine with more memory.`,
    );
  }
}

/** The job saw its cancel flag and stopped; nothing it computed is kept. */
export class BacktestCancelledError extends AppError {
  override name = 'BacktestCancelledError';
  constructor() {
    super('CANCELLED', 'The backtest was cancelled; nothing was kept.');
  }
}

/** The engine refused the inputs (e.g. a fact in a currency without an exchange rate). */
export class BacktestInputError extends AppError {
  override name = 'BacktestInputError';
  constructor(label: string, message: string) {
    super('ENGINE_ERROR', `${label}: ${message}`);
  }
}
