import { digitsOf, formatMinor } from '@attain/rules';
import { plot, rectY, ruleY } from '@observablehq/plot';
import { useEffect, useRef } from 'react';

/** Participants whose total delta lies in [from, to], minor units (the API's histogram bins). */
export interface DeltaBin {
  from: number;
  to: number;
  count: number;
}

/**
 * A histogram of the per-person deltas of one candidate, drawn with Observable Plot as SVG. The
 * bins come from the API; the axis is in the currency's units, the figure has a text
 * description and the bins are listed in a table for screen readers.
 */
export function DeltaHistogram({
  bins,
  currency,
  candidate,
}: {
  bins: readonly DeltaBin[];
  currency: string;
  candidate: string;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const scale = 10 ** (digitsOf(currency) ?? 2);
  const people = bins.reduce((sum, bin) => sum + bin.count, 0);
  const description = `Histogram of the change in pay per person under ${candidate}: ${people} ${people === 1 ? 'person' : 'people'} in ${bins.length} ${bins.length === 1 ? 'bin' : 'bins'} from ${formatMinor(bins[0]?.from ?? 0, currency)} to ${formatMinor(bins.at(-1)?.to ?? 0, currency)}.`;
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
        label: `Change in pay per person (${currency})`,
        tickFormat: (value: number) => value.toLocaleString('en-US'),
      },
      y: {
        label: 'People',
        grid: true,
        tickFormat: (count: number) => (Number.isInteger(count) ? String(count) : ''),
      },
      marks: [
        rectY(bins, {
          // A bin of one value (everyone paid the same change) is drawn one unit wide, to be seen.
          x1: (bin: DeltaBin) => bin.from / scale - (bin.from === bin.to ? 0.5 : 0),
          x2: (bin: DeltaBin) => bin.to / scale + (bin.from === bin.to ? 0.5 : 0),
          y: 'count',
          fill: (bin: DeltaBin) =>
            bin.to <= 0 && bin.from < 0 ? 'loss' : bin.from >= 0 && bin.to > 0 ? 'gain' : 'about zero',
          inset: 0.5,
        }),
        ruleY([0]),
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
                People
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
