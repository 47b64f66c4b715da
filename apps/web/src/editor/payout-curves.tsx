import type { PayoutCurve, PayoutRange } from '@attain/rules';
import { dot, line, plot, ruleY } from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { boundaryRules, curvePlot, formatCurveValue } from './curve-points';

function share(fraction: number | null): string {
  return fraction === null ? 'no fixed maximum' : `${Number((fraction * 100).toFixed(2))}%`;
}

/**
 * Each component's payout as the draft in the editor says it: a plot of a curve or rate table
 * (bands, steps, the boundary rule as filled and open ends, caps and floors), a payout table as a
 * table, with the plan's payout range above. Drawn from the browser's checker, so it follows the
 * text as it is typed. Loaded with Observable Plot only when the plan has been checked.
 */
export default function PayoutCurves({
  curves,
  range,
}: {
  curves: readonly PayoutCurve[];
  range: PayoutRange | null;
}) {
  return (
    <section className="payout-curves" aria-labelledby="payout-curves-title">
      <h2 id="payout-curves-title">Payout curves</h2>
      {range ? (
        <p data-testid="plan-payout-range">
          The plan pays {share(range.plan.min)} to {share(range.plan.max)} of target incentive.
        </p>
      ) : null}
      <div className="payout-curve-grid">
        {curves.map((curve, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: components may share a name while being typed.
          <ComponentCurve key={`${index}|${curve.component}`} curve={curve} />
        ))}
      </div>
    </section>
  );
}

function ComponentCurve({ curve }: { curve: PayoutCurve }) {
  const weight = curve.weight === null ? '' : ` (weight ${share(curve.weight)})`;
  return (
    <figure className="payout-curve" data-testid="payout-curve">
      <h3>
        {curve.component || '(no name)'}
        {weight}
      </h3>
      {curve.range ? (
        <p className="muted small">
          Pays {share(curve.range.min)} to {share(curve.range.max)} of target incentive.
        </p>
      ) : null}
      {curve.kind === 'curve' || curve.kind === 'rates' ? (
        <CurveFigure curve={curve} />
      ) : curve.kind === 'table' ? (
        <TableFigure curve={curve} />
      ) : (
        <p className="small">
          Pays <code>{curve.text}</code>: an amount, no curve to draw.
        </p>
      )}
      {curve.limits.length > 0 || curve.planLines.length > 0 ? (
        <ul className="plain small">
          {curve.limits.map((limit) => (
            <li key={limit.text}>
              {limit.kind === 'cap' ? 'Cap' : 'Floor'}: {limit.text}
            </li>
          ))}
          {curve.planLines.map((text) => (
            <li key={text}>
              Also: <code>{text}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}

type Drawn = Extract<PayoutCurve, { kind: 'curve' | 'rates' }>;

function CurveFigure({ curve }: { curve: Drawn }) {
  const holder = useRef<HTMLDivElement>(null);
  const valueUnit = curve.kind === 'rates' ? 'percent' : curve.valueUnit;
  const yLabel =
    curve.kind === 'rates'
      ? `Rate (${curve.mode})`
      : valueUnit === 'percent'
        ? "Payout, share of the component's target"
        : 'Payout';
  const rules = boundaryRules(curve);
  const description = `${curve.kind === 'rates' ? 'Rates' : 'Payout curve'} of ${curve.component} on ${curve.input}${curve.kind === 'curve' && curve.perDeal ? ', read per deal' : ''}: ${curve.segments.length} bands. ${rules.join(' ')}`;
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const { domain, lines, ends } = curvePlot(curve.segments);
    const limits = curve.limits.filter((limit) => limit.unit === valueUnit);
    const chart = plot({
      width: Math.min(520, element.clientWidth || 520),
      height: 220,
      marginLeft: 52,
      ariaLabel: `${curve.component}: ${curve.kind === 'rates' ? 'rates' : 'payout curve'}`,
      ariaDescription: description,
      x: {
        domain,
        label: curve.input,
        tickFormat: (x: number) => formatCurveValue(x, curve.inputUnit),
      },
      y: { label: yLabel, grid: true, tickFormat: (y: number) => formatCurveValue(y, valueUnit) },
      // The marks are hidden from screen readers (Plot labels each group "line", "dot", which axe
      // flags on a <g>): the figure's description and the bands table say what they show.
      marks: [
        ruleY([0], { ariaHidden: 'true' }),
        ...lines.map((segment) =>
          line(
            [
              [segment.x1, segment.y1],
              [segment.x2, segment.y2],
            ],
            { stroke: '#1f4e79', strokeWidth: 2, ariaHidden: 'true' },
          ),
        ),
        // The boundary rule: a filled end is paid at that bound, an open one is not.
        dot(ends, {
          x: 'x',
          y: 'y',
          r: 3.5,
          stroke: '#1f4e79',
          ariaHidden: 'true',
          fill: (end: { included: boolean }) => (end.included ? '#1f4e79' : '#ffffff'),
        }),
        ...limits.map((limit) =>
          ruleY([limit.value], {
            stroke: limit.kind === 'cap' ? '#a4141b' : '#5f6b76',
            strokeDasharray: '4,3',
            ariaHidden: 'true',
          }),
        ),
      ],
    });
    element.replaceChildren(chart);
    return () => chart.remove();
  }, [curve, valueUnit, yLabel, description]);
  return (
    <>
      <div ref={holder} />
      <figcaption className="muted small">
        {description}
        {curve.limits.some((limit) => limit.unit === valueUnit) ? ' Dashed: cap (red) and floor (grey).' : ''}
      </figcaption>
      <details>
        <summary>The bands as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Band</th>
              <th scope="col">As written</th>
            </tr>
          </thead>
          <tbody>
            {curve.segments.map((segment) => (
              <tr key={segment.band}>
                <td>{segment.band}</td>
                <td>
                  <code>{segment.text}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function TableFigure({ curve }: { curve: Extract<PayoutCurve, { kind: 'table' }> }) {
  return (
    <section
      className="table-scroll"
      aria-label={`${curve.component}: payout table`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a narrow screen, so a keyboard must be able to focus it (WCAG 2.1.1).
      tabIndex={0}
    >
      <table className="payout-table">
        <caption className="muted small">
          Rows: {curve.rowInput}; columns: {curve.columnInput}. Each cell is what the component pays
          {curve.valueUnit === 'percent' ? ", a share of the component's target" : ''}.
        </caption>
        <thead>
          <tr>
            <td />
            {curve.columns.map((column) => (
              <th scope="col" key={column.text}>
                {column.text}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {curve.rows.map((row, r) => (
            <tr key={row.text}>
              <th scope="row">{row.text}</th>
              {curve.cells[r]?.map((cell, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are placed by column.
                <td key={c} className="num">
                  {cell === null ? '' : formatCurveValue(cell, curve.valueUnit)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
