import { MyAssignmentsQuery, MyStatementSummariesQuery } from '@attain/client';
import { useEffect, useState } from 'react';
import { ErrorMessage, Loading, Page } from '../components';
import { ApiError, type ResultOf, request } from '../graphql';
import { periodsOfYear, YEARS_SHOWN, yearsOf } from '../periods';
import { Link } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';

type Summary = ResultOf<typeof MyStatementSummariesQuery>['statements'][number];

/** A participant's own statements of the recent periods, newest first; each opens the statement. */
export default function MyStatementsPage() {
  const { key, viewer } = useSession();
  const participantId = viewer.participantId ?? '';
  const assignments = useQuery(MyAssignmentsQuery, { participantId });
  const [summaries, setSummaries] = useState<Summary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (assignments.status !== 'done') return;
    const years = yearsOf(
      assignments.data.assignments.edges.map(({ node }) => node),
      new Date().getFullYear(),
    );
    let current = true;
    Promise.all(
      years
        .flatMap(periodsOfYear)
        .map((period) =>
          request(key, MyStatementSummariesQuery, { participantId, period }).then(
            ({ statements }) => statements,
          ),
        ),
    ).then(
      (lists) => current && setSummaries(lists.flat()),
      (caught: unknown) =>
        current && setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'ERROR', 0)),
    );
    return () => {
      current = false;
    };
  }, [assignments.status, assignments.data, key, participantId]);

  const body =
    assignments.status === 'error' ? (
      <ErrorMessage error={assignments.error} what="your assignments" />
    ) : error ? (
      <ErrorMessage error={error} what="your statements" />
    ) : summaries === null ? (
      <Loading what="your statements" />
    ) : summaries.length === 0 ? (
      <p>No statement yet for the last {YEARS_SHOWN} years.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Plan</th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {summaries.map((summary) => (
            <tr key={summary.id}>
              <td>
                <Link to={`/statements/${encodeURIComponent(summary.id)}`}>{summary.period}</Link>
              </td>
              <td>{summary.plan?.name}</td>
              <td className="num">{summary.total.formatted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  return <Page title="My statements">{body}</Page>;
}
