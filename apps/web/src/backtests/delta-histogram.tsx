import { BacktestDeltaHistogramQuery } from '@attain/client';
import { digitsOf, formatMinor } from '@attain/rules';
import { plot, rectY, ruleY } from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { ErrorMessage, Loading } from '../components';
import { useQuery } from '../use-query';

/** Rows whose delta lies in [from, to], minor units (the API's DeltaHistogram bins). */
export interface DeltaBin {
  from: number;
  to: number;
  count: number;
}

/** The most bins the chart asks for. */
const BINS = 20;

/** "+12.00 USD", "0.00 USD", "-3.50 USD": a change with its sign, for text. */
export function signedMoney(minor: number, currency: string): string {
  return `${minor > 0 ? '+' : ''}${formatMinor(minor, currency)}`;
}

/**
 * What to say instead of a chart when the deltas do not spread: no rows, or every row changed
 * by the same amount (one bin). Null when there is a spread to draw.
 */
export function flatSummary(
  spread: { rows: number; min: number | null; max: number | null },
  currency: string,
): string | null {
  if (spread.rows === 0 || spread.min === null || spread.max === null) return 'No rows to compare.';
  if (spread.min !== spread.max) return null;
  return spread.min === 0
    ? `No change: every delta is ${formatMinor(0, currency)}.`
    : `The same change for everyone: every delta is ${signedMoney(spread.min, currency)}.`;
}

/**
 * The histogram of one candidate's deltas per person and period, binned by the API from the
 * stored amounts (no row is read here) and drawn with Observable Plot as SVG. When every delta is
 * the same it says so in words; the figure has a text description and the bins are listed in a
 * table for screen readers.
 */
export function DeltaHistogram({
  jobId,
  candidate,
  currency,
}: {
  jobId: string;
  candidate: string;
  currency: string;
}) {
  const result = useQuery(BacktestDeltaHistogramQuery, { id: jobId, candidate, bins: BINS });
  if (result.status === 'loading') return <Loading what="the histogram" />;
  if (result.status === 'error') return <ErrorMessage error={result.error} what="the histogram" />;
  const histogram = result.data.backtest?.deltaHistogram;
  if (!histogram) return <p className="muted">The histogram appears once the backtest is complete.</p>;
  const flat = flatSummary(
    { rows: histogram.rows, min: histogram.min?.minorUnits ?? null, max: histogram.max?.minorUnits ?? null },
    currency,
  );
  if (flat !== null) {
    return (
      <p className="no-change" data-testid="backtest-histogram-flat">
        {flat}
      </p>
    );
  }
  return <DeltaChart bins={histogram.bins} currency={currency} candidate={candidate} zero={histogram.zero} />;
}

function DeltaChart({
  bins,
  currency,
  candidate,
  zero,
}: {
  bins: readonly DeltaBin[];
  currency: string;
  candidate: string;
  zero: number;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const scale = 10 ** (digitsOf(currency) ?? 2);
  const rows = bins.reduce((sum, bin) => sum + bin.count, 0);
  const description = `Histogram of the change in pay per person and period under ${candidate}: ${rows} ${rows === 1 ? 'row' : 'rows'} in ${bins.length} ${bins.length === 1 ? 'bin' : 'bins'} from ${signedMoney(bins[0]?.from ?? 0, currency)} to ${signedMoney(bins.at(-1)?.to ?? 0, currency)}; ${zero} unchanged.`;
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const chart = plot({
      width: Math.min(640, element.clientWidth || 640),
      height: 220,
      marginLeft: 44,
      ariaLabel: `Deltas of ${candidate}`,
      ariaDescription: description,
      x: {
        label: `Change in pay per person and period (${currency})`,
        tickFormat: (value: number) => value.toLocaleString('en-US'),
      },
      y: {
        label: 'Rows',
        grid: true,
        tickFormat: (count: number) => (Number.isInteger(count) ? String(count) : ''),
      },
      // The marks are hidden from screen readers (Plot labels each group "rect", "rule", which axe
      // flags on a <g>): the figure's description and the bins table say what they show.
      marks: [
        rectY(bins, {
          // A bin holds whole minor units [from, to]: drawn to the start of the next one.
          x1: (bin: DeltaBin) => bin.from / scale,
          x2: (bin: DeltaBin) => (bin.to + 1) / scale,
          y: 'count',
          fill: (bin: DeltaBin) => (bin.to < 0 ? 'loss' : bin.from > 0 ? 'gain' : 'about zero'),
          inset: 0.5,
          ariaHidden: 'true',
        }),
        ruleY([0], { ariaHidden: 'true' }),
      ],
      color: { domain: ['loss', 'about zero', 'gain'], range: ['#a4141b', '#8a949e', '#1f4e79'] },
    });
    element.replaceChildren(chart);
    return () => chart.remove();
  }, [bins, scale, currency, candidate, description]);
  return (
    <figure className="histogram" data-testid="backtest-histogram">
      <div ref={holder} />
      <figcaption className="muted small">{description}</figcaption>
      <details>
        <summary>The bins as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col" className="num">
                Rows
              </th>
            </tr>
          </thead>
          <tbody>
            {bins.map((bin) => (
              <tr key={`${bin.from}|${bin.to}`}>
                <td>{formatMinor(bin.from, currency)}</td>
                <td>{formatMinor(bin.to, currency)}</td>
                <td className="num">{bin.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
