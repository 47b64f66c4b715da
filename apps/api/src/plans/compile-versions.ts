import type { PlanVersion as EngineVersion } from '@attain/engine';
import { type CompiledPlan, checkPlan } from '@attain/rules';
import { AppError } from '../errors.js';
import type { Plan, PlanVersion } from '../repositories/plans.js';
import { versionsInForce } from './version-ranges.js';

/** A published version that no longer compiles (the language changed since it was published). */
export class PlanDoesNotCompileError extends AppError {
  override name = 'PlanDoesNotCompileError';
  constructor(planId: string, version: number, firstError: string) {
    super(
      'PLAN_DOES_NOT_COMPILE',
      `Version ${version} of plan "${planId}" no longer compiles: ${firstError} Publish a corrected version.`,
    );
  }
}

/**
 * The plan's published versions as the engine takes them: compiled, each over the days it is in
 * force (see versionsInForce), labelled with its version id.
 */
export function compileVersions(plan: Plan, versions: readonly PlanVersion[]): EngineVersion[] {
  const compiled = new Map<string, CompiledPlan>();
  for (const version of versions) {
    const result = checkPlan(version.text);
    if (!result.plan) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      throw new PlanDoesNotCompileError(plan.id, version.version, first?.message ?? 'unknown error.');
    }
    compiled.set(version.id, result.plan);
  }
  return versionsInForce(versions).map(({ version, from, to }) => ({
    plan: compiled.get(version.id) as CompiledPlan,
    effectiveFrom: from,
    effectiveTo: to,
    version: version.id,
  }));
}
