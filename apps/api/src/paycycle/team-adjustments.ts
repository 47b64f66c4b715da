import { formatDay, type Period } from '@attain/engine';
import type { Repositories } from '../repositories/index.js';
import type { PayoutRun } from '../repositories/payout-runs.js';
import type { Team } from '../repositories/teams.js';
import { readPayingEntries } from './period-entries.js';

/** One adjustment line of a team member, in the currency it pays in. */
export interface TeamAdjustment {
  participantId: string;
  currency: string;
  amountMinor: number;
}

/**
 * The team an adjustment line of a participant counts with: the team they last joined on or
 * before the period's last day (a membership that ended counts, so a correction paid after they
 * left goes to their last team; managing a team is not being in it); of two joined the same day,
 * the first by id. Adjustment lines carry no team of their own, and one team each keeps the
 * teams' totals adding up to what the statements and the payroll file pay.
 */
function teamOfAdjustments(teams: readonly Team[], participantId: string, lastDay: string): string | null {
  let best: { teamId: string; from: string } | null = null;
  for (const team of teams) {
    for (const member of team.members) {
      if (member.participantId !== participantId || member.manages || member.from > lastDay) continue;
      if (best === null || member.from > best.from || (member.from === best.from && team.id < best.teamId))
        best = { teamId: team.id, from: member.from };
    }
  }
  return best?.teamId ?? null;
}

/**
 * The adjustment lines (manual and prior-period) that pay in these runs' plan periods and count
 * with the team (teamOfAdjustments): what teamTotals adds to the statement lines.
 */
export async function teamAdjustments(
  repositories: Repositories,
  teamId: string,
  period: Period,
  runs: readonly PayoutRun[],
): Promise<TeamAdjustment[]> {
  const lines: TeamAdjustment[] = [];
  for (const run of runs) {
    for (const entry of await readPayingEntries(repositories, run.planId, run.periodId)) {
      for (const line of entry.lines) {
        lines.push({
          participantId: line.participantId,
          currency: entry.currency ?? run.currency ?? '',
          amountMinor: line.amountMinor,
        });
      }
    }
  }
  if (lines.length === 0) return [];
  const ids = [...new Set(lines.map((line) => line.participantId))];
  const teams = await repositories.teams.findWithMembers(ids);
  const lastDay = formatDay(period.end);
  const mine = new Set(ids.filter((id) => teamOfAdjustments(teams, id, lastDay) === teamId));
  return lines.filter((line) => mine.has(line.participantId));
}
