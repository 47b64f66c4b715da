import { checkPlan, MAX_PLAN_TEXT_LENGTH, parsePlan } from '@attain/rules';
import { isIsoDay } from '../db/days.js';
import { ConflictError } from '../db/errors.js';
import { InvalidInputError, NotFoundError, quoted } from '../errors.js';
import type { Repositories } from '../repositories/index.js';
import type { Plan, PlanVersion } from '../repositories/plans.js';
import { checkPlanOffThread, type PlanCheckSummary } from './check-off-thread.js';
import { PlanHasErrors } from './errors.js';

const PLAN_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_NAME_LENGTH = 200;

/** What publishing needs: the plan, its first day in force, and optionally the rest. */
export interface PublishRequest {
  planId: string;
  effectiveFrom: string;
  /** Last day in force, inclusive; null or absent = open-ended. */
  effectiveTo?: string | null;
  /** The text to publish; absent = the saved draft. */
  text?: string | null;
  /** The newest version number the publisher saw (0 for none); absent = whatever is newest. */
  expectedVersion?: number | null;
  /** The API key that publishes. */
  publishedBy: string | null;
}

/** `text` with its `plan "…"` line naming `name`; unchanged when it already does (or does not parse). */
export function withPlanName(text: string, name: string): string {
  const declared = parsePlan(text).ast?.name;
  if (!declared || declared.text === name) return text;
  return `${text.slice(0, declared.range.start.offset)}"${name}"${text.slice(declared.range.end.offset)}`;
}

/** Refuses plan text over MAX_PLAN_TEXT_LENGTH: the one copy of that check in the API. */
export function checkPlanTextLength(text: string, field = 'text'): void {
  if (text.length > MAX_PLAN_TEXT_LENGTH) {
    throw new InvalidInputError(
      field,
      `The plan text has ${text.length.toLocaleString('en-US')} characters; the limit is ${MAX_PLAN_TEXT_LENGTH.toLocaleString('en-US')}. Split it into several plans.`,
    );
  }
}

/** Creates a plan with an empty draft; the id and the name are checked first. */
export async function createPlan(
  repositories: Repositories,
  request: { id: string; name: string; description?: string | null },
): Promise<Plan> {
  if (!PLAN_ID.test(request.id)) {
    throw new InvalidInputError(
      'id',
      `"${request.id}" is not a plan id: use 1 to 64 lowercase letters, digits and dashes, e.g. "team-performance".`,
    );
  }
  const name = request.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new InvalidInputError('name', `A plan name has 1 to ${MAX_NAME_LENGTH} characters.`);
  }
  // The name is written into published texts as plan "<name>", and plan text has no escapes.
  if (/["\r\n]/.test(name)) {
    throw new InvalidInputError(
      'name',
      'A plan name cannot hold a double quote or a line break: published texts carry it as plan "<name>".',
    );
  }
  return repositories.plans.create({ id: request.id, name, description: request.description ?? null });
}

/** Saves a plan's draft, errors and all, and says what the checker thinks of it. */
export async function savePlanDraft(
  repositories: Repositories,
  planId: string,
  text: string,
): Promise<PlanCheckSummary> {
  checkPlanTextLength(text);
  const saved = await repositories.plans.saveDraft(planId, text);
  if (!saved) throw new NotFoundError(`No plan has the id ${quoted(planId)}.`);
  return checkPlanOffThread(text);
}

/**
 * Publishes the draft (or the given text) as the plan's next immutable version. Refuses, storing
 * nothing: an unknown plan, a day that is not YYYY-MM-DD or a range that ends before it starts,
 * text over the limit or with errors, text that names another plan, and a publish on top of a
 * version the publisher did not see (ConflictError).
 */
export async function publishPlanVersion(
  repositories: Repositories,
  request: PublishRequest,
): Promise<PlanVersion> {
  const plan = await repositories.plans.findById(request.planId);
  if (!plan) throw new NotFoundError(`No plan has the id ${quoted(request.planId)}.`);
  const effectiveTo = request.effectiveTo ?? null;
  if (!isIsoDay(request.effectiveFrom))
    throw new InvalidInputError('effectiveFrom', 'Write the day as YYYY-MM-DD.');
  if (effectiveTo !== null && effectiveTo < request.effectiveFrom) {
    throw new InvalidInputError(
      'effectiveTo',
      `effectiveTo (${effectiveTo}) is before effectiveFrom (${request.effectiveFrom}); the range is inclusive.`,
    );
  }
  const written = request.text ?? plan.draftText;
  checkPlanTextLength(written);
  // The worker vets the text first, so text that would stall the checker never runs here.
  const vetted = await checkPlanOffThread(written);
  if (!vetted.plan) throw new PlanHasErrors(vetted.diagnostics);
  // The plan record owns the name: a text written for another plan (a copy to test with)
  // publishes under this one's, and the stored version says so.
  const text = withPlanName(written, plan.name);
  const check = checkPlan(text);
  if (!check.plan) throw new PlanHasErrors(check.diagnostics);
  const latest = await repositories.plans.latestVersionNumber(plan.id);
  const base = request.expectedVersion ?? latest;
  if (base !== latest) {
    throw new ConflictError(
      `Plan "${plan.id}" is at version ${latest}, not ${base}: someone published meanwhile. Review version ${latest} and publish again.`,
      'plan_versions',
    );
  }
  const version = await repositories.plans.insertVersion({
    planId: plan.id,
    version: base + 1,
    text,
    effectiveFrom: request.effectiveFrom,
    effectiveTo,
    publishedBy: request.publishedBy,
  });
  repositories.compiledPlans.remember(version, check, vetted);
  return version;
}
