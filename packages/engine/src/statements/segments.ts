/**
 * Effective dating: cuts a pay period into stretches during which one assignment, one plan
 * version and one team membership hold, and the participant is employed.
 */
import type { Assignment, Participant, TeamMembership } from '../model/org.js';
import { type DayRange, intersectRanges, parseDay } from '../periods/day.js';
import type { PlanVersion } from './statement.js';

/** A stretch of a period with everything that applies during it. */
export interface Segment extends DayRange {
  assignment: Assignment;
  version: PlanVersion;
  teamId: string | null;
  /** The teams the participant manages throughout the stretch (memberships marked `manages`), sorted. */
  managedTeamIds: string[];
}

const OPEN_START = -1_000_000;
const OPEN_END = 1_000_000;

/** An ISO day to a day number; open (absent) dates become far past/future. */
function dayOr(text: string | null | undefined, open: number): number {
  if (text === null || text === undefined || text === '') return open;
  return parseDay(text) ?? open;
}

/** The stretches of `period` during which the participant is employed, assigned and on a plan version. */
export function segmentsOf(
  period: DayRange,
  participant: Participant,
  assignments: readonly Assignment[],
  versions: readonly PlanVersion[],
  memberships: readonly TeamMembership[],
): Segment[] {
  const employed = intersectRanges(period, {
    start: dayOr(participant.hireDate, OPEN_START),
    end: dayOr(participant.terminationDate, OPEN_END),
  });
  if (!employed) return [];
  const assigned = assignments.map((a) => ({
    item: a,
    range: { start: dayOr(a.from, OPEN_START), end: dayOr(a.to, OPEN_END) },
  }));
  const dated = versions.map((v) => ({
    item: v,
    range: { start: dayOr(v.effectiveFrom, OPEN_START), end: dayOr(v.effectiveTo, OPEN_END) },
  }));
  const teams = memberships
    .filter((m) => !m.manages)
    .map((m) => ({
      item: m,
      range: { start: dayOr(m.from, OPEN_START), end: dayOr(m.to, OPEN_END) },
    }));
  // Teams overseen do not choose the stretch's own team, but a stretch holds one set of them.
  const managed = memberships
    .filter((m) => m.manages)
    .map((m) => ({
      item: m,
      range: { start: dayOr(m.from, OPEN_START), end: dayOr(m.to, OPEN_END) },
    }));
  const cuts = new Set<number>([employed.start, employed.end + 1]);
  for (const { range } of [...assigned, ...dated, ...teams, ...managed]) {
    if (range.start > employed.start && range.start <= employed.end) cuts.add(range.start);
    if (range.end >= employed.start && range.end < employed.end) cuts.add(range.end + 1);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i] as number;
    const end = (bounds[i + 1] as number) - 1;
    const covers = (range: DayRange) => range.start <= start && range.end >= end;
    // The latest-starting assignment / version / membership wins where they overlap.
    const assignment = latest(assigned.filter((a) => covers(a.range)));
    const version = latest(dated.filter((v) => covers(v.range)));
    if (!assignment || !version) continue;
    const membership = latest(teams.filter((m) => covers(m.range)));
    const teamId = membership?.teamId ?? null;
    const managedTeamIds = [
      ...new Set(managed.filter((m) => covers(m.range)).map((m) => m.item.teamId)),
    ].sort();
    const previous = segments.at(-1);
    if (
      previous &&
      previous.end + 1 === start &&
      previous.assignment === assignment &&
      previous.version === version &&
      previous.teamId === teamId &&
      previous.managedTeamIds.join('\u0000') === managedTeamIds.join('\u0000')
    ) {
      previous.end = end;
    } else segments.push({ start, end, assignment, version, teamId, managedTeamIds });
  }
  return segments;
}

function latest<T>(items: readonly { item: T; range: DayRange }[]): T | undefined {
  let best: { item: T; range: DayRange } | undefined;
  for (const candidate of items) if (!best || candidate.range.start > best.range.start) best = candidate;
  return best?.item;
}
