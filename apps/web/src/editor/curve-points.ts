import type { CurveSegment, CurveUnit, PayoutCurve } from '@attain/rules';

/** A line of a plot: one band from its left end to its right end, in plot units. */
export interface PlotLine {
  band: number;
  text: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A band's end at a finite bound: filled when the band's value applies there, open when not. */
export interface PlotEnd {
  band: number;
  x: number;
  y: number;
  included: boolean;
}

/** What a curve or rate table draws: its x domain, a line per band and the ends at each bound. */
export interface CurvePlot {
  domain: [number, number];
  lines: PlotLine[];
  ends: PlotEnd[];
}

/**
 * The x range to draw: every finite bound, with a quarter of the span on each side so the
 * unbounded first and last bands show; not below 0 when no bound is negative.
 */
export function curveDomain(segments: readonly CurveSegment[]): [number, number] {
  const bounds = segments.flatMap((s) => [s.x0, s.x1]).filter((x): x is number => x !== null);
  if (bounds.length === 0) return [0, 1];
  const low = Math.min(...bounds);
  const high = Math.max(...bounds);
  const span = high - low || Math.abs(high) || 1;
  const from = low - span / 4;
  return [low >= 0 ? Math.max(0, from) : from, high + span / 4];
}

/** The lines and bound ends of a curve's or a rate table's bands, unbounded ends drawn to the domain's edge. */
export function curvePlot(segments: readonly CurveSegment[]): CurvePlot {
  const domain = curveDomain(segments);
  return {
    domain,
    lines: segments.map((s) => ({
      band: s.band,
      text: s.text,
      x1: s.x0 ?? domain[0],
      y1: s.y0,
      x2: s.x1 ?? domain[1],
      y2: s.y1,
    })),
    ends: segments.flatMap((s) => [
      ...(s.x0 === null ? [] : [{ band: s.band, x: s.x0, y: s.y0, included: s.x0Included }]),
      ...(s.x1 === null ? [] : [{ band: s.band, x: s.x1, y: s.y1, included: s.x1Included }]),
    ]),
  };
}

/** A quantity as the plan writes it: a percentage, or a number with thousands separators. */
export function formatCurveValue(value: number, unit: CurveUnit): string {
  return unit === 'percent'
    ? `${Number((value * 100).toFixed(4))}%`
    : value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/**
 * Which band pays exactly at each bound between two bands, in words: the boundary rule an admin
 * checks ("At 100%: band 3 (from 100% up to 150%) pays").
 */
export function boundaryRules(curve: Extract<PayoutCurve, { kind: 'curve' | 'rates' }>): string[] {
  const bounds = [
    ...new Set(curve.segments.flatMap((s) => [s.x0, s.x1]).filter((x): x is number => x !== null)),
  ].sort((a, b) => a - b);
  return bounds.map((x) => {
    const owner = curve.segments.find((s) => (s.x0 === x && s.x0Included) || (s.x1 === x && s.x1Included));
    const at = formatCurveValue(x, curve.inputUnit);
    return owner
      ? `At ${at}: band ${owner.band} (${owner.text.split(':')[0]}) applies.`
      : `At ${at}: no band applies; it pays 0.`;
  });
}
