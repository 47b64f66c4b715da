import { EstimatePayoutQuery } from '@attain/client';
import { type FormEvent, useEffect, useState } from 'react';
import { ErrorMessage, Loading, Page } from '../components';
import type { ExplanationNode } from '../explanation';
import { ExplanationTree } from '../explanation-tree';
import { ApiError, type ResultOf, request } from '../graphql';
import { parseAmount, periodOfDay } from '../periods';
import { useSession } from '../session';

type Answer = ResultOf<typeof EstimatePayoutQuery>['estimatePayout'];
type Estimate = Extract<Answer, { __typename: 'PayoutEstimate' }>;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * What-if for a rep: "a 250,000 order on account X closing on this date" and what it would pay,
 * line by line and why. The API calculates it and stores nothing.
 */
export default function WhatIfPage() {
  const { key, viewer } = useSession();
  const participantId = viewer.participantId ?? '';
  // The open period with no deals: the plan's currency and period kind, and the pay so far.
  const [open, setOpen] = useState<
    { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'done'; answer: Answer }
  >({ status: 'loading' });
  useEffect(() => {
    request(key, EstimatePayoutQuery, { participantId, deals: [], period: null }).then(
      ({ estimatePayout }) => setOpen({ status: 'done', answer: estimatePayout }),
      (error: unknown) =>
        setOpen({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(String(error), 'ERROR', 0),
        }),
    );
  }, [key, participantId]);
  if (open.status === 'loading') return <Loading what="your open period" />;
  if (open.status === 'error') return <ErrorMessage error={open.error} what="an estimate" />;
  if (open.answer.__typename !== 'PayoutEstimate') {
    return (
      <Page title="What if">
        <p className="error" role="alert">
          No estimate is possible: {open.answer.message} ({open.answer.code})
        </p>
      </Page>
    );
  }
  return <WhatIfForm participantId={participantId} open={open.answer} />;
}

function WhatIfForm({ participantId, open }: { participantId: string; open: Estimate }) {
  const { key } = useSession();
  const [accountId, setAccountId] = useState('');
  const [amount, setAmount] = useState('');
  const [date, setDate] = useState(today);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const { currency } = open;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setEstimate(null);
    const minor = parseAmount(amount, currency);
    if (minor === null) {
      setProblem(`Write the amount in ${currency}, e.g. 250,000 or 1234.50.`);
      return;
    }
    setBusy(true);
    try {
      const { estimatePayout: answer } = await request(key, EstimatePayoutQuery, {
        participantId,
        deals: [{ accountId: accountId.trim(), date, amount: minor }],
        period: periodOfDay(open.period, date),
      });
      if (answer.__typename === 'PayoutEstimate') setEstimate(answer);
      else setProblem(`${answer.message} (${answer.code})`);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="What if">
      <p className="muted">
        What would a deal pay you? Describe an order that has not closed yet: the estimate adds it to the
        period it closes in and shows what {open.plan?.name ?? 'your plan'} would pay you, line by line, and
        why. Nothing is saved: the deal exists only for this estimate. In the open period, {open.period}, you
        are paid {open.baseline.total.formatted} so far.
      </p>
      <form className="what-if-form" onSubmit={submit}>
        <div>
          <label htmlFor="what-if-account">Account id</label>
          <input
            id="what-if-account"
            required
            value={accountId}
            onChange={(event) => setAccountId(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor="what-if-amount">Order amount ({currency})</label>
          <input
            id="what-if-amount"
            required
            inputMode="decimal"
            placeholder="250,000"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor="what-if-date">Closing date</label>
          <input
            id="what-if-date"
            type="date"
            required
            value={date}
            onChange={(event) => setDate(event.target.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          Estimate
        </button>
      </form>
      {busy ? <Loading what="the estimate" /> : null}
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
      {estimate ? <EstimateView estimate={estimate} /> : null}
    </Page>
  );
}

function EstimateView({ estimate }: { estimate: Estimate }) {
  const more = estimate.difference.minorUnits;
  return (
    <section aria-labelledby="estimate-title" data-testid="estimate">
      <h2 id="estimate-title">If it closed: {estimate.period}</h2>
      <p className="amount" role="status" data-testid="estimate-summary">
        You would be paid {estimate.estimate.total.formatted} for {estimate.period} instead of{' '}
        {estimate.baseline.total.formatted}:{' '}
        {more === 0
          ? 'no change'
          : `${estimate.difference.formatted.replace(/^-/, '')} ${more > 0 ? 'more' : 'less'}`}
        .
      </p>
      <section
        className="table-scroll"
        aria-label="Line by line"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways on a phone, so a keyboard must reach it.
        tabIndex={0}
      >
        <table data-testid="estimate-lines">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col" className="num">
                Now
              </th>
              <th scope="col" className="num">
                With the deal
              </th>
              <th scope="col" className="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            {estimate.lines.map((line) => (
              <tr key={`${line.component}|${line.from}|${line.to}`}>
                <td>{line.component}</td>
                <td className="num">{line.baseline?.formatted ?? 'none'}</td>
                <td className="num">{line.estimate?.formatted ?? 'none'}</td>
                <td className="num">{line.difference.formatted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {estimate.estimate.warnings.length > 0 ? (
        <ul className="warnings">
          {estimate.estimate.warnings.map((warning) => (
            <li key={warning.code + warning.message}>{warning.message}</li>
          ))}
        </ul>
      ) : null}
      <h3>Why, with the deal</h3>
      <ol className="lines">
        {estimate.estimate.lines.map((line, index) => {
          const explanation: ExplanationNode = line.explanation;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines come in the plan's order and never change.
            <li key={index} className="line">
              <div className="line-head">
                <span className="component">{line.component}</span>
                <span className="amount">{line.amount.formatted}</span>
              </div>
              <div className="tree" data-testid="explanation-tree">
                <ExplanationTree node={explanation} currency={estimate.currency} />
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
