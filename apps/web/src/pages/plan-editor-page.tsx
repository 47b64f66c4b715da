import { PlanForEditorQuery, PublishMutation, SaveDraftMutation } from '@attain/client';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { keepEditorText } from '../backtests/backtest-choices';
import { ErrorMessage, Loading, Page } from '../components';
import { type CheckOutcome, PlanChecker } from '../editor/plan-checker';
import { PlanEditor, type PlanEditorHandle } from '../editor/plan-editor';
import { PLAN_SNIPPETS } from '../editor/templates';
import { VersionHistory } from '../editor/version-history';
import { ApiError, type ResultOf, request } from '../graphql';
import { navigate } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';

// With Observable Plot, loaded once the plan has been checked (as the backtests' histogram).
const PayoutCurves = lazy(() => import('../editor/payout-curves'));

type Notice = { tone: 'ok' | 'error'; text: string } | null;

/** Today as YYYY-MM-DD in the browser's time zone: the default first day of a new version. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function percent(fraction: number | null): string {
  return fraction === null ? 'no limit' : `${Number((fraction * 100).toFixed(2))}%`;
}

/** The plan editor: live diagnostics, format, save the draft, publish from a date. */
export default function PlanEditorPage({ planId }: { planId: string }) {
  const plan = useQuery(PlanForEditorQuery, { id: planId });
  if (plan.status === 'loading') return <Loading what="the plan" />;
  if (plan.status === 'error') return <ErrorMessage error={plan.error} what="this plan" />;
  if (!plan.data.plan)
    return (
      <Page title="Plan not found">
        <p role="alert">No plan has the id “{planId}”.</p>
      </Page>
    );
  return <Editor plan={plan.data.plan} />;
}

type LoadedPlan = NonNullable<ResultOf<typeof PlanForEditorQuery>['plan']>;

function Editor({ plan }: { plan: LoadedPlan }) {
  const { key, viewer } = useSession();
  const isAdmin = viewer.role === 'admin';
  const checker = useMemo(() => new PlanChecker(), []);
  useEffect(() => () => checker.dispose(), [checker]);
  const editor = useRef<PlanEditorHandle>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [check, setCheck] = useState<CheckOutcome | null>(null);
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [effectiveFrom, setEffectiveFrom] = useState(today);
  // The versions this page has seen: a publish names the newest, so a publish racing ours conflicts.
  const [versions, setVersions] = useState(plan.versions);
  const seenVersion = versions.at(-1)?.version ?? 0;
  const [stale, setStale] = useState(false);

  /** Reads the plan's versions again, keeping the text in the editor. */
  const refreshVersions = async () => {
    const { plan: fresh } = await request(key, PlanForEditorQuery, { id: plan.externalId });
    if (fresh) setVersions(fresh.versions);
    setStale(false);
    setNotice({
      tone: 'ok',
      text: `Versions reloaded: the newest is v${fresh?.versions.at(-1)?.version ?? 0}.`,
    });
  };
  const errors = check?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;

  const format = async () => {
    const text = editor.current?.getText() ?? '';
    const result = await checker.format(text);
    if (!result.formatted) {
      setNotice({
        tone: 'error',
        text:
          result.diagnostics.length > 0
            ? `Not formatted: fix the ${result.diagnostics.length === 1 ? 'syntax error' : `${result.diagnostics.length} syntax errors`} first.`
            : 'Not formatted: the formatter could not lay out this text.',
      });
      return;
    }
    if (result.text !== text) editor.current?.setText(result.text);
    setNotice({ tone: 'ok', text: result.text === text ? 'Already formatted.' : 'Formatted.' });
  };

  const save = async () => {
    setBusy(true);
    try {
      const { savePlanDraft } = await request(key, SaveDraftMutation, {
        planId: plan.externalId,
        text: editor.current?.getText() ?? '',
      });
      if (savePlanDraft.__typename === 'PlanCheck') {
        const problems = savePlanDraft.diagnostics.filter((d) => d.severity === 'error').length;
        setDirty(false);
        setNotice({
          tone: 'ok',
          text: `Draft saved${problems > 0 ? ` with ${problems} error${problems === 1 ? '' : 's'}: it cannot be published until they are fixed` : ''}.`,
        });
      } else {
        setNotice({ tone: 'error', text: `Not saved: ${savePlanDraft.message} (${savePlanDraft.code})` });
      }
    } catch (error) {
      setNotice({
        tone: 'error',
        text: `Not saved: ${error instanceof ApiError ? error.message : String(error)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    dialog.current?.close();
    setBusy(true);
    try {
      const { publishPlanVersion: result } = await request(key, PublishMutation, {
        planId: plan.externalId,
        text: editor.current?.getText() ?? '',
        effectiveFrom,
        expectedVersion: seenVersion,
      });
      switch (result.__typename) {
        case 'PlanVersion':
          setNotice({
            tone: 'ok',
            text: `Published version ${result.version}, in force from ${result.effectiveFrom}.`,
          });
          await refreshVersions().catch(() => undefined);
          setNotice({
            tone: 'ok',
            text: `Published version ${result.version}, in force from ${result.effectiveFrom}.`,
          });
          break;
        case 'ConflictError':
          setNotice({
            tone: 'error',
            text: `Not published: someone else published a new version of this plan after you opened it. ${result.message} Your text is still in the editor: reload the versions, compare, then publish again.`,
          });
          setStale(true);
          break;
        case 'PlanHasErrors':
          setNotice({
            tone: 'error',
            text: `Not published: the text has errors. ${result.diagnostics
              .slice(0, 3)
              .map((d) => `Line ${d.range.start.line}: ${d.message}`)
              .join(' ')}`,
          });
          break;
        default:
          setNotice({ tone: 'error', text: `Not published: ${result.message} (${result.code})` });
      }
    } catch (error) {
      setNotice({
        tone: 'error',
        text: `Not published: ${error instanceof ApiError ? error.message : String(error)}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const newest = versions.at(-1);
  return (
    <Page
      title={plan.name}
      actions={
        <>
          <label className="visually-hidden" htmlFor="snippet">
            Insert a snippet
          </label>
          <select
            id="snippet"
            value=""
            onChange={(event) => {
              const snippet = PLAN_SNIPPETS.find((candidate) => candidate.id === event.target.value);
              if (snippet) editor.current?.insertAtLine(snippet.text);
            }}
          >
            <option value="">Insert a snippet…</option>
            {PLAN_SNIPPETS.map((snippet) => (
              <option key={snippet.id} value={snippet.id}>
                {snippet.label}
              </option>
            ))}
          </select>
          <button type="button" className="secondary" onClick={format}>
            Format
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              // The unsaved text goes to the backtests page as a candidate; nothing is saved.
              keepEditorText(plan.externalId, editor.current?.getText() ?? '');
              navigate(`/backtests?plan=${encodeURIComponent(plan.externalId)}`);
            }}
          >
            Backtest this text
          </button>
          {isAdmin ? (
            <button type="button" onClick={save} disabled={busy}>
              Save draft
            </button>
          ) : null}
        </>
      }
    >
      <p className="muted">
        {newest
          ? `Newest version: v${newest.version}, in force from ${newest.effectiveFrom}${newest.effectiveTo ? ` to ${newest.effectiveTo}` : ''}.`
          : 'Not published yet.'}{' '}
        {plan.draftSavedAt ? `Draft saved ${new Date(plan.draftSavedAt).toLocaleString()}.` : ''}
        {dirty ? ' Unsaved changes.' : ''}
        {isAdmin ? '' : ' Only admin keys save and publish; you can try changes here.'}
      </p>
      {notice ? (
        <p
          className={notice.tone === 'ok' ? 'notice' : 'error'}
          role={notice.tone === 'ok' ? 'status' : 'alert'}
        >
          {notice.text}
          {stale ? (
            <>
              {' '}
              <button type="button" className="secondary" onClick={refreshVersions}>
                Reload versions
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      <div className="editor-layout">
        <PlanEditor
          ref={editor}
          initialText={plan.draftText}
          checker={checker}
          onChange={() => setDirty(true)}
          onChecked={(outcome) => setCheck(outcome)}
        />
        <aside className="side" aria-label="Checks">
          <h2>Problems</h2>
          <DiagnosticList check={check} />
          {check?.payoutRange ? (
            <>
              <h2>Payout range</h2>
              <p data-testid="payout-range">
                Pays {percent(check.payoutRange.plan.min)} to {percent(check.payoutRange.plan.max)} of target
                incentive.
              </p>
              <ul className="plain small">
                {check.payoutRange.components.map((component) => (
                  <li key={component.name}>
                    {component.name}: {percent(component.min)} to {percent(component.max)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {check && check.examples.length > 0 ? <ExampleList check={check} /> : null}
          {isAdmin ? (
            <>
              <h2>Publish</h2>
              <label htmlFor="effective-from">In force from</label>
              <input
                id="effective-from"
                type="date"
                value={effectiveFrom}
                onChange={(event) => setEffectiveFrom(event.target.value)}
              />
              <button
                type="button"
                disabled={busy || errors > 0 || check === null || effectiveFrom === ''}
                onClick={() => dialog.current?.showModal()}
              >
                Publish…
              </button>
              {errors > 0 ? <p className="muted small">Fix the errors to publish.</p> : null}
            </>
          ) : null}
        </aside>
      </div>
      {check && check.curves.length > 0 ? (
        <Suspense fallback={<Loading what="the payout curves" />}>
          <PayoutCurves curves={check.curves} range={check.payoutRange} />
        </Suspense>
      ) : null}
      <VersionHistory planId={plan.externalId} versions={versions} />
      <dialog ref={dialog} aria-labelledby="publish-title">
        <h2 id="publish-title">Publish version {seenVersion + 1}?</h2>
        <p>
          The text in the editor becomes version {seenVersion + 1} of “{plan.name}”, in force from{' '}
          <strong>{effectiveFrom}</strong>. It replaces older versions on the days it covers, and payout runs
          of those days use it. A published version cannot be changed.
        </p>
        <div className="actions">
          <button type="button" onClick={publish}>
            Publish version {seenVersion + 1}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </Page>
  );
}

/** The plan's checked examples, each passed, failed (with the expectation that failed) or not run. */
function ExampleList({ check }: { check: CheckOutcome }) {
  const failed = check.examples.filter((example) => example.status === 'failed').length;
  const notRun = check.examples.some((example) => example.status === 'not-run');
  return (
    <>
      <h2>Examples</h2>
      <p className="small muted">
        {notRun
          ? 'Not run: the checker runs the examples once the plan has no other error.'
          : failed === 0
            ? `All ${check.examples.length} pass.`
            : `${failed} of ${check.examples.length} fail.`}
      </p>
      <ul className="plain small examples" data-testid="examples">
        {check.examples.map((example) => (
          <li key={`${example.line}|${example.name}`} className={example.status} data-status={example.status}>
            <span className="where">line {example.line}</span> “{example.name}”:{' '}
            <strong>
              {example.status === 'passed' ? 'passes' : example.status === 'failed' ? 'fails' : 'not run'}
            </strong>
            {example.failures.map((failure) => (
              <div key={`${failure.line}|${failure.message}`} className="muted">
                line {failure.line}: {failure.message}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}

function DiagnosticList({ check }: { check: CheckOutcome | null }) {
  if (!check) return <p className="muted">Checking…</p>;
  if (check.diagnostics.length === 0)
    return (
      <p className="ok" data-testid="no-problems">
        No problems.
      </p>
    );
  return (
    <ul
      className="diagnostics"
      data-testid="diagnostics"
      aria-live="polite"
      aria-label="Problems"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable list must take focus so a keyboard can scroll it (WCAG 2.1.1).
      tabIndex={0}
    >
      {check.diagnostics.map((d) => (
        <li
          key={`${d.range.start.offset}-${d.code}-${d.message}`}
          className={d.severity}
          data-code={d.code}
          data-line={d.range.start.line}
          data-column={d.range.start.column}
        >
          <span className="where">
            Line {d.range.start.line}, column {d.range.start.column}
          </span>{' '}
          <span className="severity">{d.severity}</span> <span className="code">{d.code}</span>
          <div>{d.message}</div>
        </li>
      ))}
    </ul>
  );
}
