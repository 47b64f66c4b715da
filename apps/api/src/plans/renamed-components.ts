/**
 * The publish-time check across versions: a version that renames a component within a plan
 * year, without the old code, would pay the year to date again under a true-up. Compared with
 * the version in force the day before the new one starts, when that day is in the same year.
 */
import { formatDay, parseDay } from '@attain/engine';
import { type Diagnostic, renamedComponentsOf } from '@attain/rules';
import type { PlanVersion } from '../repositories/plans.js';
import { versionsInForce } from './version-ranges.js';

/** The version the earlier ones leave in force on the day before `effectiveFrom`, when that day is in the same calendar (plan) year. */
export function versionBefore(effectiveFrom: string, earlier: readonly PlanVersion[]): PlanVersion | null {
  const first = parseDay(effectiveFrom);
  if (first === null) return null;
  const dayBefore = formatDay(first - 1);
  // The plan year is the calendar year (periods are 2026-04, 2026-Q2...): a new year starts from nothing paid.
  if (dayBefore.slice(0, 4) !== effectiveFrom.slice(0, 4)) return null;
  const inForce = versionsInForce(earlier).find(
    (piece) => piece.from <= dayBefore && (piece.to === null || piece.to >= dayBefore),
  );
  return inForce?.version ?? null;
}

/** COMPONENT_RENAMED warnings for `text` published from `effectiveFrom` on top of `earlier` versions. */
export function renameWarnings(
  text: string,
  effectiveFrom: string,
  earlier: readonly PlanVersion[],
): Diagnostic[] {
  const previous = versionBefore(effectiveFrom, earlier);
  return previous ? renamedComponentsOf(previous.text, text) : [];
}
