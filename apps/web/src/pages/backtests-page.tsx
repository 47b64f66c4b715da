import {
  BacktestProgressSubscription,
  BacktestResultsQuery,
  CancelBacktestMutation,
  PlansForBacktestQuery,
  StartBacktestMutation,
  TeamsForTotalsQuery,
} from '@attain/client';
import { type FormEvent, lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import {
  type BacktestChoice,
  candidateInputs,
  editorTextFor,
  parseParticipantIds,
} from '../backtests/backtest-choices';
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
 * Replays candidates of a plan (its saved draft, the editor's unsaved text, published versions)
 * against a baseline over past periods, for everyone on the plan or a team or some people:
 * progress over server-sent events with a cancel button, then the totals per candidate.
 */
export default function BacktestsPage() {
  const plans = useQuery(PlansForBacktestQuery, {});
  const teams = useQuery(TeamsForTotalsQuery, {});
  if (plans.status === 'loading' || teams.status === 'loading') return <Loading what="the plans" />;
  if (plans.status === 'error') return <ErrorMessage error={plans.error} what="the plans" />;
  if (teams.status === 'error') return <ErrorMessage error={teams.error} what="the teams" />;
  return (
    <BacktestForm
      plans={plans.data.plans.edges.map(({ node }) => node)}
      teams={teams.data.teams.edges.map(({ node }) => node)}
    />
  );
}

type PlanChoice = ResultOf<typeof PlansForBacktestQuery>['plans']['edges'][number]['node'];

function BacktestForm({
  plans,
  teams,
}: {
  plans: PlanChoice[];
  teams: { externalId: string; name: string }[];
}) {
  const { key } = useSession();
  // The editor's "Backtest this text" opens /backtests?plan=<id>.
  const askedFor = new URLSearchParams(window.location.search).get('plan');
  const [planId, setPlanId] = useState(
    plans.find((plan) => plan.externalId === askedFor)?.externalId ?? plans[0]?.externalId ?? '',
  );
  const plan = plans.find((candidate) => candidate.externalId === planId);
  const editorText = useMemo(() => editorTextFor(planId), [planId]);
  const choices: BacktestChoice[] = useMemo(
    () => [
      ...(editorText !== null ? [{ id: 'editor', label: "the editor's text", text: editorText }] : []),
      ...(plan?.draftText ? [{ id: 'draft', label: 'saved draft', text: plan.draftText }] : []),
      ...(plan?.versions ?? []).map((version) => ({
        id: `v${version.version}`,
        label: `version ${version.version}`,
        planId,
        version: version.version,
      })),
    ],
    [editorText, plan, planId],
  );
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  // A plan's first choice (the editor's text, else the saved draft) is ticked when it is picked.
  useEffect(() => setChosen(new Set(choices[0] ? [choices[0].id] : [])), [choices]);
  const [baselineVersion, setBaselineVersion] = useState('');
  const [teamId, setTeamId] = useState('');
  const [participants, setParticipants] = useState('');
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
    if (!plan) return;
    setProblem(null);
    setResults(null);
    setProgress(null);
    const candidates = candidateInputs(choices, chosen);
    if (candidates.length === 0) {
      setProblem('Choose at least one candidate to compare with the baseline.');
      return;
    }
    const participantIds = parseParticipantIds(participants);
    try {
      const { startBacktest: started } = await request(key, StartBacktestMutation, {
        input: {
          baseline: { planId, ...(baselineVersion ? { version: Number(baselineVersion) } : {}) },
          candidates,
          from,
          to,
          ...(teamId ? { teamIds: [teamId] } : {}),
          ...(participantIds.length > 0 ? { participantIds } : {}),
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
        Replays candidates of a plan over past periods against a baseline: the published versions as they were
        in force, or one version. Nothing is stored as a version.
      </p>
      <form className="backtest-form" onSubmit={start}>
        <div>
          <label htmlFor="backtest-plan">Plan</label>
          <select
            id="backtest-plan"
            value={planId}
            onChange={(event) => {
              setPlanId(event.target.value);
              setBaselineVersion('');
            }}
          >
            {plans.map((choice) => (
              <option key={choice.externalId} value={choice.externalId}>
                {choice.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="backtest-baseline">Baseline</label>
          <select
            id="backtest-baseline"
            value={baselineVersion}
            onChange={(event) => setBaselineVersion(event.target.value)}
          >
            <option value="">The versions as they were in force</option>
            {(plan?.versions ?? []).map((version) => (
              <option key={version.version} value={String(version.version)}>
                Version {version.version} only (from {version.effectiveFrom})
              </option>
            ))}
          </select>
        </div>
        <fieldset className="backtest-candidates">
          <legend>Candidates</legend>
          {choices.length === 0 ? (
            <p className="muted small">This plan has no draft and no version.</p>
          ) : null}
          {choices.map((choice) => (
            <label key={choice.id} className="choice">
              <input
                type="checkbox"
                checked={chosen.has(choice.id)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(choice.id);
                  else next.delete(choice.id);
                  setChosen(next);
                }}
              />{' '}
              {choice.label}
            </label>
          ))}
        </fieldset>
        <div>
          <label htmlFor="backtest-from">First period</label>
          <input id="backtest-from" value={from} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div>
          <label htmlFor="backtest-to">Last period</label>
          <input id="backtest-to" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
        <div>
          <label htmlFor="backtest-team">Scope</label>
          <select id="backtest-team" value={teamId} onChange={(event) => setTeamId(event.target.value)}>
            <option value="">Everyone on the plan</option>
            {teams.map((team) => (
              <option key={team.externalId} value={team.externalId}>
                Team {team.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="backtest-participants">Only these people (ids)</label>
          <input
            id="backtest-participants"
            value={participants}
            placeholder="p-001-01, p-001-02"
            onChange={(event) => setParticipants(event.target.value)}
          />
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
            {results.participants ?? 0} {results.participants === 1 ? 'participant' : 'participants'} over{' '}
            {results.periods.join(', ')}.
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
        ? results.summaries.map((summary, index) => (
            <Suspense key={summary.candidate} fallback={<Loading what="the chart" />}>
              {/* An id by position: a label may hold spaces, which aria-labelledby would split. */}
              <section aria-labelledby={`histogram-${index}`}>
                <h2 id={`histogram-${index}`}>Deltas of {summary.candidate}</h2>
                <p className="muted">
                  {summary.distribution.gain} people gain, {summary.distribution.lose} lose,{' '}
                  {summary.distribution.unchanged} are paid the same.
                </p>
                <DeltaHistogram jobId={jobId} candidate={summary.candidate} currency={results.currency} />
              </section>
              <DeltasTable jobId={jobId} candidate={summary.candidate} currency={results.currency} />
            </Suspense>
          ))
        : null}
    </Page>
  );
}
