/** Checks of a target incentive stated as a share of the participant's base salary. */
import type * as ast from '../../parser/ast.js';
import { type CheckContext, formatNumber, report } from '../check-context.js';

/** '8% of base salary' needs a percentage above 0: a plain 8 could mean 8% or 800%. */
export function checkSalaryShare(ctx: CheckContext, item: ast.TargetIncentiveItem): void {
  const share = item.ofBaseSalary;
  if (!share) return;
  if (!share.percent) {
    report(
      ctx,
      'error',
      'TARGET_INCENTIVE_SHARE',
      `Write the target incentive's share of the base salary as a percentage: '${formatNumber(share.written)}% of base salary'.`,
      share.range,
    );
  } else if (share.written <= 0) {
    report(
      ctx,
      'error',
      'TARGET_INCENTIVE_SHARE',
      `A target incentive of ${share.text} of base salary pays nothing; give a share above 0%, e.g. '8% of base salary'.`,
      share.range,
    );
  }
}
