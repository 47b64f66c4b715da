import { AppError } from '../errors.js';

/**
 * The approving key is the key that calculated the run, or another key of the same owner (code
 * SAME_KEY_APPROVAL); `owner` is that person, null when the very same key approved.
 */
export class SameKeyApprovalError extends AppError {
  override name = 'SameKeyApprovalError';
  constructor(owner: string | null) {
    super(
      'SAME_KEY_APPROVAL',
      owner === null
        ? 'This key calculated the run, so it may not approve it: approval needs an admin key of another person (four eyes). A company with one administrator can set ATTAIN_ALLOW_SELF_APPROVAL=1 (docs/api-paycycle.md).'
        : `The run was calculated with a key of ${owner}, who may not approve it, with this key or another: approval needs an admin key of another person (four eyes). A company with one administrator can set ATTAIN_ALLOW_SELF_APPROVAL=1 (docs/api-paycycle.md).`,
    );
  }
}

/** The plan period is approved already (code ALREADY_APPROVED); `runId` is the approved run. */
export class AlreadyApprovedError extends AppError {
  override name = 'AlreadyApprovedError';
  constructor(
    readonly runId: string,
    message: string,
  ) {
    super('ALREADY_APPROVED', message);
  }
}

/** The plan period is approved, so nothing may be added to it (code PERIOD_LOCKED). */
export class PeriodLockedError extends AppError {
  override name = 'PeriodLockedError';
  constructor(
    readonly periodId: string,
    message: string,
  ) {
    super('PERIOD_LOCKED', message);
  }
}

/**
 * The run cannot take this step (code RUN_NOT_READY): approving a run that is not complete or
 * not its period's current run, exporting one that is not approved.
 */
export class RunNotReadyError extends AppError {
  override name = 'RunNotReadyError';
  constructor(message: string) {
    super('RUN_NOT_READY', message);
  }
}

/** The dispute is resolved already, so it takes no answer or resolution (code DISPUTE_CLOSED). */
export class DisputeClosedError extends AppError {
  override name = 'DisputeClosedError';
  constructor(message: string) {
    super('DISPUTE_CLOSED', message);
  }
}

/**
 * The run read an earlier period's run that a later calculation of that period replaced (code
 * STALE_RUN): its draw balance, holds, paid to date or corrections are out of date.
 */
export class StaleRunError extends AppError {
  override name = 'StaleRunError';
  constructor(
    readonly periodId: string,
    message: string,
  ) {
    super('STALE_RUN', message);
  }
}
