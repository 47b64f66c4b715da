import { PayoutRunQuery } from '@attain/client';
import { useState } from 'react';
import { ErrorMessage, Loading, Page } from '../components';
import { DownloadRunCsv } from '../payouts/download-run-csv';
import { Link } from '../router';
import { useQuery } from '../use-query';

/**
 * One payout run: its total and the statement of each person, each opening the statement; 40 a
 * page (the API's query cost limit multiplies the selection by the page size).
 */
export default function RunPage({ runId }: { runId: string }) {
  // The cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const run = useQuery(PayoutRunQuery, { id: runId, after });
  if (run.status === 'loading') return <Loading what="the payout run" />;
  if (run.status === 'error') return <ErrorMessage error={run.error} what="this payout run" />;
  const node = run.data.node;
  if (node?.__typename !== 'PayoutRun')
    return (
      <Page title="Payout run not found">
        <p role="alert">There is no payout run with this id, or your key may not see it.</p>
      </Page>
    );
  return (
    <Page title={`${node.plan?.name ?? 'Plan'} · ${node.period}`}>
      <p>
        Status {node.status}. Total <strong>{node.total?.formatted ?? '—'}</strong>.
      </p>
      {node.status === 'complete' ? (
        <DownloadRunCsv
          runId={node.id}
          fileName={`payout-run-${node.plan?.name ?? 'plan'}-${node.period}.csv`.replace(/[^\w.]+/g, '-')}
        />
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col">Id</th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {node.statements.edges.map(({ node: statement }) => (
            <tr key={statement.id}>
              <td>
                <Link to={`/statements/${encodeURIComponent(statement.id)}`}>
                  {statement.participant?.name ?? '—'}
                </Link>
              </td>
              <td className="code">{statement.participant?.externalId}</td>
              <td className="num">{statement.total.formatted}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {cursors.length > 1 ? (
          <button type="button" className="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous page
          </button>
        ) : null}
        {node.statements.pageInfo.hasNextPage ? (
          <button
            type="button"
            className="secondary"
            onClick={() => setCursors([...cursors, node.statements.pageInfo.endCursor ?? null])}
          >
            Next page
          </button>
        ) : null}
      </div>
    </Page>
  );
}
