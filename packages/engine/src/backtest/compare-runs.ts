/**
 * The comparison of a backtest: the baseline's statements against each candidate's, per
 * participant and period, with totals (the cost of the change) and the distribution of the
 * deltas. Pure: the caller computes the statements and stores the result.
 */
import { lineCode, type Statement } from '../statements/statement.js';

/** The statements of one plan (baseline or candidate) over the backtest's periods. */
export interface BacktestRunStatements {
  label: string;
  statements: readonly Statement[];
}

export interface CompareRunsInput {
  baseline: BacktestRunStatements;
  candidates: readonly BacktestRunStatements[];
  /** The periods compared, in order; statements of other periods are ignored. */
  periods: readonly string[];
  /** Only these participants are compared; absent = everyone with a statement. */
  participantIds?: ReadonlySet<string>;
  /** How many largest gains and losses to list (default 10). */
  top?: number;
  /** Upper bound on the histogram's bins (default 20). */
  histogramBins?: number;
}

/** One amount under each candidate, in the order of `CompareRunsInput.candidates`. */
export interface CandidateAmount {
  totalMinor: number;
  deltaMinor: number;
  /** delta / baseline as a fraction (0.05 = +5%); null when the baseline is 0 and the delta is not. */
  percentChange: number | null;
}

/** One component of a row: its baseline amount and each candidate's (all lines of that component summed). */
export interface ComponentComparison {
  /** The component's name under the baseline (a candidate's when the baseline has no such component). */
  component: string;
  /** What the runs are matched by: the component's code, so a candidate that renames it shows a change, not -old/+new. */
  componentCode: string;
  baselineMinor: number;
  candidates: readonly CandidateAmount[];
}

/** One participant in one period. A participant without a statement under a plan counts 0 there. */
export interface BacktestRow {
  participantId: string;
  periodId: string;
  baselineMinor: number;
  candidates: readonly CandidateAmount[];
  components: readonly ComponentComparison[];
}

/** A participant's change over all periods, as listed among the largest gains and losses. */
export interface ParticipantDelta {
  participantId: string;
  baselineMinor: number;
  candidateMinor: number;
  deltaMinor: number;
  percentChange: number | null;
}

/** A bin of the delta histogram: participants whose total delta lies in [fromMinor, toMinor]. */
export interface HistogramBin {
  fromMinor: number;
  toMinor: number;
  count: number;
}

/** How a candidate's change falls on people (each participant's delta summed over the periods). */
export interface DeltaDistribution {
  gain: number;
  lose: number;
  unchanged: number;
  /** Largest gains first (positive deltas only). */
  largestGains: readonly ParticipantDelta[];
  /** Largest losses first (negative deltas only). */
  largestLosses: readonly ParticipantDelta[];
  histogram: readonly HistogramBin[];
}

export interface PeriodTotal {
  periodId: string;
  baselineMinor: number;
  candidateMinor: number;
  deltaMinor: number;
  percentChange: number | null;
}

/** One candidate against the baseline: totals per period and overall, and the distribution. */
export interface CandidateSummary {
  label: string;
  baselineMinor: number;
  totalMinor: number;
  deltaMinor: number;
  percentChange: number | null;
  periods: readonly PeriodTotal[];
  distribution: DeltaDistribution;
}

export interface BacktestComparison {
  baselineLabel: string;
  periods: readonly string[];
  /** Sorted by period (in the order given), then participant id. */
  rows: readonly BacktestRow[];
  /** Number of participants compared. */
  participants: number;
  candidates: readonly CandidateSummary[];
}

/** Compares every candidate with the baseline; amounts are integer minor units, so every sum is exact. */
export function compareRuns(input: CompareRunsInput): BacktestComparison {
  const periodOrder = new Map(input.periods.map((id, index) => [id, index]));
  const inScope = (s: Statement) =>
    periodOrder.has(s.periodId) && (input.participantIds?.has(s.participantId) ?? true);
  const runs = [input.baseline, ...input.candidates];
  // Per run: statements by "period|participant".
  const byKey = runs.map((run) => {
    const map = new Map<string, Statement[]>();
    for (const statement of run.statements) {
      if (!inScope(statement)) continue;
      const key = rowKey(statement.periodId, statement.participantId);
      const list = map.get(key);
      if (list) list.push(statement);
      else map.set(key, [statement]);
    }
    return map;
  });
  const keys = new Set<string>();
  for (const map of byKey) for (const key of map.keys()) keys.add(key);
  const sortedKeys = [...keys]
    .map((key) => splitKey(key))
    .sort(
      (a, b) =>
        (periodOrder.get(a.periodId) as number) - (periodOrder.get(b.periodId) as number) ||
        compareText(a.participantId, b.participantId),
    );

  const rows: BacktestRow[] = sortedKeys.map(({ periodId, participantId }) => {
    const key = rowKey(periodId, participantId);
    const perRun = byKey.map((map) => map.get(key) ?? []);
    const totals = perRun.map((statements) => statements.reduce((sum, s) => sum + s.totalMinor, 0));
    const componentTotals = perRun.map(componentAmounts);
    const componentCodes = [...new Set(componentTotals.flatMap((amounts) => [...amounts.keys()]))];
    const baselineMinor = totals[0] as number;
    return {
      participantId,
      periodId,
      baselineMinor,
      candidates: totals.slice(1).map((total) => amount(baselineMinor, total)),
      components: componentCodes.map((code) => {
        const base = componentTotals[0]?.get(code)?.amountMinor ?? 0;
        return {
          component: componentTotals.find((amounts) => amounts.has(code))?.get(code)?.name ?? code,
          componentCode: code,
          baselineMinor: base,
          candidates: componentTotals
            .slice(1)
            .map((amounts) => amount(base, amounts.get(code)?.amountMinor ?? 0)),
        };
      }),
    };
  });

  const participants = [...new Set(rows.map((row) => row.participantId))].sort(compareText);
  const candidates = input.candidates.map((candidate, c) =>
    summarise(
      candidate.label,
      c,
      rows,
      input.periods,
      participants,
      input.top ?? 10,
      input.histogramBins ?? 20,
    ),
  );
  return {
    baselineLabel: input.baseline.label,
    periods: [...input.periods],
    rows,
    participants: participants.length,
    candidates,
  };
}

function summarise(
  label: string,
  c: number,
  rows: readonly BacktestRow[],
  periods: readonly string[],
  participants: readonly string[],
  top: number,
  bins: number,
): CandidateSummary {
  const periodTotals = new Map(periods.map((id) => [id, { baseline: 0, candidate: 0 }]));
  const byParticipant = new Map(participants.map((id) => [id, { baseline: 0, candidate: 0 }]));
  for (const row of rows) {
    const candidateMinor = (row.candidates[c] as CandidateAmount).totalMinor;
    const period = periodTotals.get(row.periodId) as { baseline: number; candidate: number };
    period.baseline += row.baselineMinor;
    period.candidate += candidateMinor;
    const person = byParticipant.get(row.participantId) as { baseline: number; candidate: number };
    person.baseline += row.baselineMinor;
    person.candidate += candidateMinor;
  }
  let baselineMinor = 0;
  let totalMinor = 0;
  for (const { baseline, candidate } of periodTotals.values()) {
    baselineMinor += baseline;
    totalMinor += candidate;
  }
  const deltas: ParticipantDelta[] = [...byParticipant].map(([participantId, { baseline, candidate }]) => ({
    participantId,
    baselineMinor: baseline,
    candidateMinor: candidate,
    ...deltaOf(baseline, candidate),
  }));
  const gains = deltas
    .filter((d) => d.deltaMinor > 0)
    .sort((a, b) => b.deltaMinor - a.deltaMinor || compareText(a.participantId, b.participantId));
  const losses = deltas
    .filter((d) => d.deltaMinor < 0)
    .sort((a, b) => a.deltaMinor - b.deltaMinor || compareText(a.participantId, b.participantId));
  return {
    label,
    baselineMinor,
    totalMinor,
    ...deltaOf(baselineMinor, totalMinor),
    periods: periods.map((periodId) => {
      const { baseline, candidate } = periodTotals.get(periodId) as { baseline: number; candidate: number };
      return {
        periodId,
        baselineMinor: baseline,
        candidateMinor: candidate,
        ...deltaOf(baseline, candidate),
      };
    }),
    distribution: {
      gain: gains.length,
      lose: losses.length,
      unchanged: deltas.length - gains.length - losses.length,
      largestGains: gains.slice(0, top),
      largestLosses: losses.slice(0, top),
      histogram: histogram(
        deltas.map((d) => d.deltaMinor),
        bins,
      ),
    },
  };
}

/**
 * Equal-width bins of whole minor units from the smallest to the largest delta, so every delta
 * falls in exactly one bin and the counts add up to the number of participants.
 */
export function histogram(values: readonly number[], maxBins: number): HistogramBin[] {
  if (values.length === 0) return [];
  let min = values[0] as number;
  let max = min;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const span = max - min + 1;
  const count = Math.max(1, Math.min(maxBins, span));
  const width = Math.ceil(span / count);
  const bins: HistogramBin[] = [];
  for (let from = min; from <= max; from += width) {
    bins.push({ fromMinor: from, toMinor: Math.min(max, from + width - 1), count: 0 });
  }
  for (const value of values) (bins[Math.floor((value - min) / width)] as HistogramBin).count++;
  return bins;
}

/** Each component's lines summed, by code, with the name the statements give it. */
function componentAmounts(
  statements: readonly Statement[],
): Map<string, { name: string; amountMinor: number }> {
  const amounts = new Map<string, { name: string; amountMinor: number }>();
  for (const statement of statements)
    for (const line of statement.lines) {
      const code = lineCode(line);
      const sum = amounts.get(code);
      if (sum) sum.amountMinor += line.amountMinor;
      else amounts.set(code, { name: line.component, amountMinor: line.amountMinor });
    }
  return amounts;
}

function amount(baselineMinor: number, totalMinor: number): CandidateAmount {
  return { totalMinor, ...deltaOf(baselineMinor, totalMinor) };
}

function deltaOf(baselineMinor: number, candidateMinor: number) {
  const deltaMinor = candidateMinor - baselineMinor;
  return { deltaMinor, percentChange: percentChange(baselineMinor, deltaMinor) };
}

function percentChange(baselineMinor: number, deltaMinor: number): number | null {
  if (deltaMinor === 0) return 0;
  if (baselineMinor === 0) return null;
  return deltaMinor / Math.abs(baselineMinor);
}

function rowKey(periodId: string, participantId: string): string {
  return `${periodId}\u0000${participantId}`;
}

function splitKey(key: string): { periodId: string; participantId: string } {
  const at = key.indexOf('\u0000');
  return { periodId: key.slice(0, at), participantId: key.slice(at + 1) };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
