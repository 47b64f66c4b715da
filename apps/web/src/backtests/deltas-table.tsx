import { BacktestRowsQuery, ExplainBacktestLineQuery } from '@attain/client';
import { formatMinor } from '@attain/rules';
import { useEffect, useState } from 'react';
import { ErrorMessage, Loading } from '../components';
import type { ExplanationNode } from '../explanation';
import { ExplanationTree } from '../explanation-tree';
import { ApiError, type ResultOf, request } from '../graphql';
import { useSession } from '../session';
import { type DeltaColumn, type DeltaRow, pageOf, sortRows } from './delta-rows';

type Explained = ResultOf<typeof ExplainBacktestLineQuery>['backtestExplanation'];

/** Most rows the page reads (participants x periods); a larger backtest is summarised, not listed. */
const MAX_ROWS = 5_000;
const PAGE_SIZE = 20;

const COLUMNS: { column: DeltaColumn; label: string; numeric: boolean }[] = [
  { column: 'participantId', label: 'Participant', numeric: false },
  { column: 'period', label: 'Period', numeric: false },
  { column: 'baselineMinor', label: 'Baseline', numeric: true },
  { column: 'candidateMinor', label: 'Candidate', numeric: true },
  { column: 'deltaMinor', label: 'Difference', numeric: true },
];

/** Reads every row of a complete backtest for one candidate, 30 a request (the API's query cost limit counts each row's amounts). */
async function readRows(
  key: string,
  id: string,
  candidate: string,
): Promise<{ rows: DeltaRow[]; cut: boolean }> {
  const rows: DeltaRow[] = [];
  let after: string | null = null;
  for (;;) {
    // A fresh const: narrowing `after` inside the loop would make its type depend on itself.
    const cursor: string | null = after;
    const result: ResultOf<typeof BacktestRowsQuery> = await request(key, BacktestRowsQuery, {
      id,
      after: cursor,
    });
    const page = result.backtest?.rows;
    if (!page) return { rows, cut: false };
    for (const { node } of page.edges) {
      const amount = node.candidates.find((c) => c.candidate === candidate);
      if (!amount) continue;
      rows.push({
        participantId: node.participantId,
        period: node.period,
        baselineMinor: node.baseline.minorUnits,
        candidateMinor: amount.total.minorUnits,
        deltaMinor: amount.delta.minorUnits,
      });
    }
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return { rows, cut: false };
    if (rows.length >= MAX_ROWS) return { rows, cut: true };
    after = page.pageInfo.endCursor;
  }
}

/**
 * The per-person deltas of one candidate: a sortable table, 20 a page, each row with "Explain"
 * that shows the baseline's and the candidate's explanation of that person's period side by side.
 */
export function DeltasTable({
  jobId,
  candidate,
  currency,
}: {
  jobId: string;
  candidate: string;
  currency: string;
}) {
  const { key } = useSession();
  const [state, setState] = useState<
    | { status: 'loading' }
    | { status: 'error'; error: ApiError }
    | { status: 'done'; rows: DeltaRow[]; cut: boolean }
  >({ status: 'loading' });
  const [sort, setSort] = useState<{ column: DeltaColumn; descending: boolean }>({
    column: 'deltaMinor',
    descending: true,
  });
  const [page, setPage] = useState(0);
  const [explained, setExplained] = useState<DeltaRow | null>(null);
  useEffect(() => {
    readRows(key, jobId, candidate).then(
      ({ rows, cut }) => setState({ status: 'done', rows, cut }),
      (error: unknown) =>
        setState({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(String(error), 'ERROR', 0),
        }),
    );
  }, [key, jobId, candidate]);
  if (state.status === 'loading') return <Loading what="the deltas per person" />;
  if (state.status === 'error') return <ErrorMessage error={state.error} what="the deltas per person" />;
  const sorted = sortRows(state.rows, sort.column, sort.descending);
  const { items, pages } = pageOf(sorted, page, PAGE_SIZE);
  const at = Math.min(page, pages - 1);
  const money = (minor: number) => formatMinor(minor, currency);
  return (
    <section aria-labelledby="deltas-title">
      <h2 id="deltas-title">Per person</h2>
      {state.cut ? (
        <p className="muted">
          The first {state.rows.length.toLocaleString('en-US')} rows (of more) are listed.
        </p>
      ) : null}
      <section
        className="table-scroll"
        aria-label="Deltas per person and period"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways on a phone, so a keyboard must reach it.
        tabIndex={0}
      >
        <table data-testid="backtest-deltas">
          <thead>
            <tr>
              {COLUMNS.map(({ column, label, numeric }) => (
                <th
                  key={column}
                  scope="col"
                  className={numeric ? 'num' : undefined}
                  aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="sort"
                    onClick={() => {
                      setSort((current) => ({
                        column,
                        descending: current.column === column ? !current.descending : numeric,
                      }));
                      setPage(0);
                    }}
                  >
                    {label}
                    <span aria-hidden="true">
                      {sort.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}
                    </span>
                  </button>
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Explanation</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((row) => (
              <tr key={`${row.participantId}|${row.period}`}>
                <td className="code">{row.participantId}</td>
                <td>{row.period}</td>
                <td className="num">{money(row.baselineMinor)}</td>
                <td className="num">{money(row.candidateMinor)}</td>
                <td className="num">{money(row.deltaMinor)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Explain ${row.participantId} in ${row.period}`}
                    onClick={() => setExplained(row)}
                  >
                    Explain
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <nav className="pager" aria-label="Pages of the deltas">
        <button type="button" className="secondary" disabled={at === 0} onClick={() => setPage(at - 1)}>
          Previous
        </button>
        <span aria-live="polite">
          Page {at + 1} of {pages} · {state.rows.length} rows
        </span>
        <button
          type="button"
          className="secondary"
          disabled={at >= pages - 1}
          onClick={() => setPage(at + 1)}
        >
          Next
        </button>
      </nav>
      {explained ? (
        <ExplainSideBySide jobId={jobId} candidate={candidate} row={explained} currency={currency} />
      ) : null}
    </section>
  );
}

function ExplainSideBySide({
  jobId,
  candidate,
  row,
  currency,
}: {
  jobId: string;
  candidate: string;
  row: DeltaRow;
  currency: string;
}) {
  const { key } = useSession();
  const [sides, setSides] = useState<{ baseline: Explained; candidate: Explained } | ApiError | null>(null);
  useEffect(() => {
    setSides(null);
    const ask = (label: string | null) =>
      request(key, ExplainBacktestLineQuery, {
        id: jobId,
        participantId: row.participantId,
        period: row.period,
        candidate: label,
      }).then((data) => data.backtestExplanation);
    Promise.all([ask(null), ask(candidate)]).then(
      ([baseline, explainedCandidate]) => setSides({ baseline, candidate: explainedCandidate }),
      (error: unknown) =>
        setSides(error instanceof ApiError ? error : new ApiError(String(error), 'ERROR', 0)),
    );
  }, [key, jobId, candidate, row]);
  return (
    <section aria-labelledby="explain-title" data-testid="backtest-explanation">
      <h2 id="explain-title">
        Why {row.participantId} is paid what they are in {row.period}
      </h2>
      {sides === null ? <Loading what="the explanations" /> : null}
      {sides instanceof ApiError ? <ErrorMessage error={sides} what="the explanations" /> : null}
      {sides && !(sides instanceof ApiError) ? (
        <div className="side-by-side">
          <ExplainedColumn title="Baseline" explained={sides.baseline} currency={currency} />
          <ExplainedColumn title={candidate} explained={sides.candidate} currency={currency} />
        </div>
      ) : null}
    </section>
  );
}

function ExplainedColumn({
  title,
  explained,
  currency,
}: {
  title: string;
  explained: Explained;
  currency: string;
}) {
  if (explained.__typename !== 'BacktestExplanation') {
    return (
      <div>
        <h3>{title}</h3>
        <p className="error" role="alert">
          {'message' in explained ? `${explained.message} (${explained.code})` : 'No explanation.'}
        </p>
      </div>
    );
  }
  return (
    <div data-testid="explained-side">
      <h3>
        {title}: <span className="amount">{explained.total?.formatted ?? 'no statement'}</span>
      </h3>
      {!explained.matchesStored ? (
        <p className="muted">
          The data changed since the backtest ran: this explanation gives today's numbers.
        </p>
      ) : null}
      <ol className="lines">
        {explained.lines.map((line, index) => {
          const node: ExplanationNode = line.explanation;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines come in the plan's order and never change.
            <li key={index} className="line">
              <div className="line-head">
                <span className="component">{line.component}</span>
                <span className="amount">{line.amount.formatted}</span>
              </div>
              <div className="tree" data-testid="explanation-tree">
                <ExplanationTree node={node} currency={currency} />
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
