import { formatDay, parseDay } from '@attain/engine';
import type { PlanVersion } from '../repositories/plans.js';

/** A stretch of days in which one version is in force (inclusive; `to` null = open-ended). */
export interface VersionInForce {
  version: PlanVersion;
  from: string;
  to: string | null;
}

const OPEN_END = Number.MAX_SAFE_INTEGER;

/**
 * Which version is in force on which days. A newer version (higher number) replaces older ones
 * from its effective date on, for the days it covers; an older version keeps the days no newer
 * version covers. The result never overlaps, so the engine needs no rule of its own.
 */
export function versionsInForce(versions: readonly PlanVersion[]): VersionInForce[] {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  let covered: Array<[number, number]> = [];
  const pieces: Array<{ version: PlanVersion; start: number; end: number }> = [];
  for (const version of newestFirst) {
    const start = parseDay(version.effectiveFrom) as number;
    const end = version.effectiveTo === null ? OPEN_END : (parseDay(version.effectiveTo) as number);
    for (const [pieceStart, pieceEnd] of subtract([start, end], covered)) {
      pieces.push({ version, start: pieceStart, end: pieceEnd });
    }
    covered = merge([...covered, [start, end]]);
  }
  return pieces
    .sort((a, b) => a.start - b.start)
    .map(({ version, start, end }) => ({
      version,
      from: formatDay(start),
      to: end === OPEN_END ? null : formatDay(end),
    }));
}

/** The parts of `range` outside every interval of `covered` (sorted, disjoint). */
function subtract(
  range: [number, number],
  covered: ReadonlyArray<[number, number]>,
): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let cursor = range[0];
  for (const [start, end] of covered) {
    if (end < cursor || start > range[1]) continue;
    if (start > cursor) parts.push([cursor, start - 1]);
    // Covered up to the open end: nothing of `range` is left.
    if (end === OPEN_END) return parts;
    cursor = Math.max(cursor, end + 1);
    if (cursor > range[1]) return parts;
  }
  if (cursor <= range[1]) parts.push([cursor, range[1]]);
  return parts;
}

function merge(intervals: Array<[number, number]>): Array<[number, number]> {
  const sorted = intervals.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
