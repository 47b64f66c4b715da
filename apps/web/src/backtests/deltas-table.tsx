import { BacktestRowsQuery, ExplainBacktestLineQuery } from '@attain/client';
import { formatMinor } from '@attain/rules';
import { useEffect, useId, useState } from 'react';
import { ErrorMessage, Loading } from '../components';
import type { ExplanationNode } from '../explanation';
import { ExplanationTree } from '../explanation-tree';
import { ApiError, type ResultOf, request } from '../graphql';
import { useSession } from '../session';
import {
  type DeltaColumn,
  type DeltaRow,
  type DeltaSort,
  deltaRowsOf,
  nextSort,
  pageCount,
} from './delta-rows';

type Explained = ResultOf<typeof ExplainBacktestLineQuery>['backtestExplanation'];

/** Rows a page; within the API's query cost limit, which counts each row's amounts. */
const PAGE_SIZE = 20;

const COLUMNS: { column: DeltaColumn; label: string; numeric: boolean }[] = [
  { column: 'PARTICIPANT', label: 'Participant', numeric: false },
  { column: 'PERIOD', label: 'Period', numeric: false },
  { column: 'BASELINE', label: 'Baseline', numeric: true },
  { column: 'CANDIDATE', label: 'Candidate', numeric: true },
  { column: 'DELTA', label: 'Difference', numeric: true },
];

/** Which page to ask for: the first, the one after a cursor, or the one before it; `index` counts from 0. */
type PageAsk = { index: number; after?: string; before?: string };

type Loaded = {
  rows: DeltaRow[];
  totalCount: number;
  startCursor: string | null;
  endCursor: string | null;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
};

/**
 * The per-person deltas of one candidate, sorted and paged by the server (so a backtest of any
 * size pages): 20 rows a page, sortable headers, each row with "Explain" that shows the baseline's
 * and the candidate's explanation of that person's period side by side.
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
  const [sort, setSort] = useState<DeltaSort>({ column: 'DELTA', descending: true });
  const [ask, setAsk] = useState<PageAsk>({ index: 0 });
  const [state, setState] = useState<
    | { status: 'loading'; shown: Loaded | null }
    | { status: 'error'; error: ApiError }
    | { status: 'done'; page: Loaded }
  >({ status: 'loading', shown: null });
  const [explained, setExplained] = useState<DeltaRow | null>(null);
  const titleId = useId();
  const filterId = useId();
  // What is typed, and the participant whose rows are asked for ('' for everyone).
  const [typed, setTyped] = useState('');
  const [participant, setParticipant] = useState('');
  useEffect(() => {
    // A click while a page loads must not let the older answer land last.
    let current = true;
    setState((previous) => ({
      status: 'loading',
      shown:
        previous.status === 'done' ? previous.page : previous.status === 'loading' ? previous.shown : null,
    }));
    request(key, BacktestRowsQuery, {
      id: jobId,
      orderBy: { by: sort.column, candidate, descending: sort.descending },
      ...(participant !== '' ? { participantId: participant } : {}),
      ...(ask.before !== undefined
        ? { last: PAGE_SIZE, before: ask.before }
        : { first: PAGE_SIZE, after: ask.after ?? null }),
    }).then(
      (result) => {
        if (!current) return;
        const rows = result.backtest?.rows;
        setState({
          status: 'done',
          page: {
            rows: deltaRowsOf(
              (rows?.edges ?? []).map(({ node }) => node),
              candidate,
            ),
            totalCount: rows?.totalCount ?? 0,
            startCursor: rows?.pageInfo.startCursor ?? null,
            endCursor: rows?.pageInfo.endCursor ?? null,
            hasNextPage: rows?.pageInfo.hasNextPage ?? false,
            hasPreviousPage: rows?.pageInfo.hasPreviousPage ?? false,
          },
        });
      },
      (error: unknown) => {
        if (!current) return;
        setState({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(String(error), 'ERROR', 0),
        });
      },
    );
    return () => {
      current = false;
    };
  }, [key, jobId, candidate, sort, ask, participant]);
  if (state.status === 'error') return <ErrorMessage error={state.error} what="the deltas per person" />;
  const page = state.status === 'done' ? state.page : state.shown;
  if (!page) return <Loading what="the deltas per person" />;
  const pages = pageCount(page.totalCount, PAGE_SIZE);
  const money = (minor: number) => formatMinor(minor, currency);
  const busy = state.status === 'loading';
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>Per person: {candidate}</h2>
      <form
        className="deltas-filter"
        onSubmit={(event) => {
          event.preventDefault();
          setParticipant(typed.trim());
          setAsk({ index: 0 });
        }}
      >
        <label htmlFor={filterId}>Only this participant (id)</label>
        <input
          id={filterId}
          value={typed}
          placeholder="p-001-01"
          onChange={(event) => setTyped(event.target.value)}
        />
        <button type="submit" className="secondary">
          Show
        </button>
        {participant !== '' ? (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setTyped('');
              setParticipant('');
              setAsk({ index: 0 });
            }}
          >
            Everyone
          </button>
        ) : null}
      </form>
      {participant !== '' && page.totalCount === 0 && !busy ? (
        <p className="muted">No row of {participant} in this backtest: check the id.</p>
      ) : null}
      <section
        className="table-scroll"
        aria-label={`Deltas of ${candidate} per person and period`}
        aria-busy={busy}
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
                      setSort((current) => nextSort(current, column));
                      setAsk({ index: 0 });
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
            {page.rows.map((row) => (
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
      <nav className="pager" aria-label={`Pages of the deltas of ${candidate}`}>
        <button
          type="button"
          className="secondary"
          disabled={busy || !page.hasPreviousPage || page.startCursor === null}
          onClick={() => setAsk({ index: Math.max(0, ask.index - 1), before: page.startCursor ?? undefined })}
        >
          Previous
        </button>
        <span aria-live="polite">
          Page {Math.min(ask.index + 1, pages)} of {pages} · {page.totalCount.toLocaleString('en-US')}{' '}
          {page.totalCount === 1 ? 'row' : 'rows'}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={busy || !page.hasNextPage || page.endCursor === null}
          onClick={() => setAsk({ index: ask.index + 1, after: page.endCursor ?? undefined })}
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
  // One per candidate's table can be open: each needs its own heading id.
  const titleId = useId();
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
    <section aria-labelledby={titleId} data-testid="backtest-explanation">
      <h2 id={titleId}>
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
