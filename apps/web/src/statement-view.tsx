import type { StatementsQuery } from '@attain/client';
import type { ExplanationNode } from './explanation';
import { ExplanationTree } from './explanation-tree';
import type { ResultOf } from './graphql';

export type StatementData = ResultOf<typeof StatementsQuery>['statements'][number];

/** One statement: who, which plan and period, its total, and each line explained. */
export function StatementView({ statement }: { statement: StatementData }) {
  return (
    <article
      className="statement"
      data-testid="statement"
      aria-label={`Statement of ${statement.participant?.name ?? ''}`}
    >
      <h2>
        {statement.plan?.name ?? 'Plan'} · {statement.period}
      </h2>
      <dl className="facts">
        <dt>Participant</dt>
        <dd>
          {statement.participant?.name} <span className="code">{statement.participant?.externalId}</span>
        </dd>
        <dt>Total</dt>
        <dd className="amount" data-testid="statement-total">
          {statement.total.formatted}
        </dd>
        <dt>Target incentive for the period</dt>
        <dd>{statement.targetIncentive?.formatted ?? 'none'}</dd>
      </dl>
      {statement.warnings.length > 0 ? (
        <ul className="warnings">
          {statement.warnings.map((warning) => (
            <li key={warning.code + warning.message}>{warning.message}</li>
          ))}
        </ul>
      ) : null}
      <h3>Lines</h3>
      <ol className="lines">
        {statement.lines.map((line, index) => {
          const explanation: ExplanationNode = line.explanation;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a statement's lines are stored in order and never change.
            <li key={index} className="line">
              <div className="line-head">
                <span className="component">{line.component}</span>
                {line.kind !== 'payout' ? <span className="tag">{line.kind}</span> : null}
                {line.attainment !== null ? (
                  <span className="muted"> attainment {Number((line.attainment * 100).toFixed(2))}%</span>
                ) : null}
                <span className="amount">{line.amount.formatted}</span>
              </div>
              <div className="muted small">
                {line.from} to {line.to}
                {line.dealId ? ` · deal ${line.dealId}` : ''}
              </div>
              <div className="tree" data-testid="explanation-tree">
                <ExplanationTree node={explanation} currency={statement.currency} />
              </div>
              <details className="as-text">
                <summary>As text</summary>
                <pre>{line.explanationText}</pre>
              </details>
            </li>
          );
        })}
      </ol>
      {statement.segments.length > 0 ? (
        <>
          <h3 id="stretches">Stretches of the period</h3>
          <section
            className="table-scroll"
            aria-labelledby="stretches"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a narrow screen, so a keyboard must be able to focus it (WCAG 2.1.1).
            tabIndex={0}
          >
            <table>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Team</th>
                  <th scope="col">Target incentive (prorated)</th>
                  <th scope="col">Proration</th>
                </tr>
              </thead>
              <tbody>
                {statement.segments.map((segment) => (
                  <tr key={segment.from}>
                    <td>{segment.from}</td>
                    <td>{segment.to}</td>
                    <td>{segment.team?.name ?? 'no team'}</td>
                    <td>{segment.targetIncentive?.formatted ?? 'none'}</td>
                    <td data-testid="proration">{prorationText(segment.proration)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </article>
  );
}

/**
 * How a stretch's target follows from the annual one, in words: "40,000.00 USD a year / 4 x 61 of
 * 92 days (66.30%, actual/365)".
 */
export function prorationText(proration: StatementData['segments'][number]['proration']): string {
  if (!proration) return 'none';
  const share = `${Number((proration.fraction * 100).toFixed(2))}%`;
  const days = proration.wholePeriod
    ? 'the whole period'
    : `${proration.daysEmployed} of ${Number(proration.daysInPeriod.toFixed(2))} days`;
  const rule = proration.dayCount ?? 'not prorated';
  return `${proration.annualTargetIncentive.formatted} a year / ${proration.periodsPerYear} × ${days} (${share}, ${rule})`;
}
