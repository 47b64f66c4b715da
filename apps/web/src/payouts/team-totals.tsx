import { TeamsForTotalsQuery, TeamTotalsQuery } from '@attain/client';
import { useState } from 'react';
import { ApiError, type ResultOf, request } from '../graphql';
import { useSession } from '../session';

type Totals = { name: string; teamId: string; totals: ResultOf<typeof TeamTotalsQuery>['teamTotals'] };

/**
 * What each team was paid in a period (the API's teamTotals, one per currency), read when the
 * reader opens it: one request per team.
 */
export function TeamTotals({ period }: { period: string }) {
  const { key } = useSession();
  const [rows, setRows] = useState<Totals[] | ApiError | null>(null);
  const load = async () => {
    if (rows !== null) return;
    try {
      const { teams } = await request(key, TeamsForTotalsQuery, {});
      const all = await Promise.all(
        teams.edges.map(async ({ node }) => {
          const { teamTotals } = await request(key, TeamTotalsQuery, { teamId: node.externalId, period });
          return { name: node.name, teamId: node.externalId, totals: teamTotals };
        }),
      );
      setRows(all.filter((row) => row.totals.members.length > 0));
    } catch (error) {
      setRows(error instanceof ApiError ? error : new ApiError(String(error), 'ERROR', 0));
    }
  };
  return (
    <details
      className="team-totals"
      onToggle={(event) => {
        if ((event.currentTarget as HTMLDetailsElement).open) void load();
      }}
    >
      <summary>Team totals for {period}</summary>
      {rows === null ? <p className="muted">Loading the team totals…</p> : null}
      {rows instanceof ApiError ? (
        <p className="error" role="alert">
          Could not load the team totals: {rows.message}
        </p>
      ) : null}
      {Array.isArray(rows) ? (
        rows.length === 0 ? (
          <p className="muted">No team was paid in {period}.</p>
        ) : (
          <table data-testid={`team-totals-${period}`}>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col" className="num">
                  People paid
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.teamId}>
                  <td>{row.name}</td>
                  <td className="num">{new Set(row.totals.members.map((m) => m.participantId)).size}</td>
                  <td className="num">{row.totals.totals.map((total) => total.formatted).join(' + ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </details>
  );
}
