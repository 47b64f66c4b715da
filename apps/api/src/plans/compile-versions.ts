import type { PlanVersion as EngineVersion } from '@attain/engine';
import type { CompiledPlan } from '@attain/rules';
import { AppError } from '../errors.js';
import type { Plan, PlanVersion } from '../repositories/plans.js';
import type { CompiledPlanCache } from './compiled-plans.js';
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
 * force (see versionsInForce), labelled with its version id. Each version is compiled once per
 * cache (published text never changes).
 */
export function compileVersions(
  plan: Plan,
  versions: readonly PlanVersion[],
  cache: CompiledPlanCache,
): EngineVersion[] {
  const compiled = new Map<string, CompiledPlan>();
  for (const version of versions) {
    const result = cache.compile(version);
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
