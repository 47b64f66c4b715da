import { PayoutRunsQuery } from '@attain/client';
import { ErrorMessage, Loading, Page } from '../components';
import { TeamTotals } from '../payouts/team-totals';
import { Link } from '../router';
import { useQuery } from '../use-query';

/** The payout runs, grouped by period (newest period first), each with its total, and the team totals. */
export default function PayoutsPage() {
  const runs = useQuery(PayoutRunsQuery, {});
  if (runs.status === 'loading') return <Loading what="the payout runs" />;
  if (runs.status === 'error') return <ErrorMessage error={runs.error} what="the payout runs" />;
  const byPeriod = new Map<string, (typeof runs.data.payoutRuns.edges)[number]['node'][]>();
  for (const { node } of runs.data.payoutRuns.edges) {
    byPeriod.set(node.period, [...(byPeriod.get(node.period) ?? []), node]);
  }
  const periods = [...byPeriod.keys()].sort().reverse();
  return (
    <Page title="Payouts">
      {periods.length === 0 ? <p>No payout run yet. An admin calculates one with calculatePayouts.</p> : null}
      {periods.map((period) => (
        <section key={period} aria-labelledby={`period-${period}`}>
          <h2 id={`period-${period}`}>{period}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Status</th>
                <th scope="col">Statements</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Finished</th>
              </tr>
            </thead>
            <tbody>
              {(byPeriod.get(period) ?? []).map((run) => (
                <tr key={run.id}>
                  <td>
                    <Link to={`/payouts/runs/${encodeURIComponent(run.id)}`}>
                      {run.plan?.name ?? 'a removed plan'}
                    </Link>
                  </td>
                  <td>{run.status}</td>
                  <td>{run.statementCount}</td>
                  <td className="num">{run.total?.formatted ?? '—'}</td>
                  <td>{run.finishedAt ? new Date(run.finishedAt).toLocaleString() : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <TeamTotals period={period} />
        </section>
      ))}
    </Page>
  );
}
