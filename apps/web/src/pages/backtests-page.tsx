import {
  BacktestProgressSubscription,
  BacktestResultsQuery,
  CancelBacktestMutation,
  PlansForBacktestQuery,
  StartBacktestMutation,
} from '@attain/client';
import { type FormEvent, lazy, Suspense, useEffect, useRef, useState } from 'react';
import { ErrorMessage, Loading, Page } from '../components';
import { ApiError, type ResultOf, request } from '../graphql';
import { useSession } from '../session';
import { subscribe } from '../sse';
import { useQuery } from '../use-query';

// Observable Plot and the deltas table load only once a backtest has results.
const DeltaHistogram = lazy(() =>
  import('../backtests/delta-histogram').then((module) => ({ default: module.DeltaHistogram })),
);
const DeltasTable = lazy(() =>
  import('../backtests/deltas-table').then((module) => ({ default: module.DeltasTable })),
);

type Progress = ResultOf<typeof BacktestProgressSubscription>['backtestProgress'];
type Results = NonNullable<ResultOf<typeof BacktestResultsQuery>['backtest']>;

/**
 * Replays a plan's saved draft against its published versions over past periods: progress over
 * server-sent events with a cancel button, then the totals per candidate.
 */
export default function BacktestsPage() {
  const plans = useQuery(PlansForBacktestQuery, {});
  if (plans.status === 'loading') return <Loading what="the plans" />;
  if (plans.status === 'error') return <ErrorMessage error={plans.error} what="the plans" />;
  return <BacktestForm plans={plans.data.plans.edges.map(({ node }) => node)} />;
}

function BacktestForm({
  plans,
}: {
  plans: ResultOf<typeof PlansForBacktestQuery>['plans']['edges'][number]['node'][];
}) {
  const { key } = useSession();
  const [planId, setPlanId] = useState(plans[0]?.externalId ?? '');
  const [from, setFrom] = useState('2025-Q1');
  const [to, setTo] = useState('2025-Q4');
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [results, setResults] = useState<Results | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const plan = plans.find((candidate) => candidate.externalId === planId);
    if (!plan) return;
    setProblem(null);
    setResults(null);
    setProgress(null);
    try {
      const { startBacktest: started } = await request(key, StartBacktestMutation, {
        input: {
          baseline: { planId },
          candidates: [{ text: plan.draftText, label: 'saved draft' }],
          from,
          to,
        },
      });
      if (started.__typename !== 'Backtest') {
        setProblem(`Not started: ${started.message} (${started.code})`);
        return;
      }
      setJobId(started.id);
      abort.current = new AbortController();
      let last: Progress | null = null;
      await subscribe(
        key,
        BacktestProgressSubscription,
        { id: started.id },
        (data) => {
          last = data.backtestProgress;
          setProgress(data.backtestProgress);
        },
        abort.current.signal,
      );
      const ended = last as Progress | null;
      if (ended?.status === 'complete') {
        const { backtest } = await request(key, BacktestResultsQuery, { id: started.id });
        setResults(backtest);
      } else if (ended?.status === 'failed') {
        setProblem(
          `The backtest failed: ${ended.error?.message ?? 'no reason given'} (${ended.error?.code ?? 'FAILED'})`,
        );
      }
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };

  const cancel = async () => {
    if (!jobId) return;
    const { cancelBacktest } = await request(key, CancelBacktestMutation, { id: jobId });
    if (cancelBacktest.__typename !== 'Backtest') setProblem(`Not cancelled: ${cancelBacktest.message}`);
  };

  const running = progress !== null && (progress.status === 'queued' || progress.status === 'running');
  return (
    <Page title="Backtests">
      <p className="muted">
        Replays a plan's saved draft over past periods, against the published versions as they were in force.
        Nothing is stored as a version.
      </p>
      <form className="backtest-form" onSubmit={start}>
        <div>
          <label htmlFor="backtest-plan">Plan</label>
          <select id="backtest-plan" value={planId} onChange={(event) => setPlanId(event.target.value)}>
            {plans.map((plan) => (
              <option key={plan.externalId} value={plan.externalId}>
                {plan.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="backtest-from">First period</label>
          <input id="backtest-from" value={from} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div>
          <label htmlFor="backtest-to">Last period</label>
          <input id="backtest-to" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
        <button type="submit" disabled={running}>
          Run backtest
        </button>
      </form>
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
      {progress ? (
        <section aria-label="Progress" className="progress">
          <label htmlFor="backtest-progress">
            {progress.status === 'running' || progress.status === 'queued'
              ? `${progress.progress.phase}…`
              : `Backtest ${progress.status}`}
          </label>
          <progress id="backtest-progress" max={100} value={progress.progress.percent}>
            {progress.progress.percent}%
          </progress>
          <span data-testid="backtest-status">
            {progress.progress.percent}% · {progress.status}
          </span>
          {running ? (
            <button type="button" className="secondary" onClick={cancel}>
              Cancel
            </button>
          ) : null}
        </section>
      ) : null}
      {results ? (
        <section aria-label="Totals per candidate">
          <h2>Totals</h2>
          <p className="muted">
            {results.participants ?? 0} participants over {results.periods.join(', ')}.
          </p>
          <table data-testid="backtest-totals">
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col" className="num">
                  Baseline
                </th>
                <th scope="col" className="num">
                  Candidate
                </th>
                <th scope="col" className="num">
                  Difference
                </th>
              </tr>
            </thead>
            <tbody>
              {results.summaries.map((summary) => (
                <tr key={summary.candidate}>
                  <td>{summary.candidate}</td>
                  <td className="num">{summary.baseline.formatted}</td>
                  <td className="num">{summary.total.formatted}</td>
                  <td className="num">
                    {summary.delta.formatted}
                    {summary.percentChange !== null
                      ? ` (${summary.percentChange >= 0 ? '+' : ''}${Number((summary.percentChange * 100).toFixed(2))}%)`
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {results && jobId
        ? results.summaries.map((summary) => (
            <Suspense key={summary.candidate} fallback={<Loading what="the chart" />}>
              <section aria-labelledby={`histogram-${summary.candidate}`}>
                <h2 id={`histogram-${summary.candidate}`}>Deltas of {summary.candidate}</h2>
                <p className="muted">
                  {summary.distribution.gain} people gain, {summary.distribution.lose} lose,{' '}
                  {summary.distribution.unchanged} are paid the same.
                </p>
                <DeltaHistogram
                  bins={summary.distribution.histogram}
                  currency={results.currency}
                  candidate={summary.candidate}
                />
              </section>
              <DeltasTable jobId={jobId} candidate={summary.candidate} currency={results.currency} />
            </Suspense>
          ))
        : null}
    </Page>
  );
}
