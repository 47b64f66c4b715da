/**
 * Population statistics: "mean of churn_rate over teams on this plan". The operand is compiled
 * for one team at a time; the engine hands over each team's own aggregates
 * (`PlanInput.populations`), and the statistic is taken here over the teams' values of the
 * whole operand (the mean of the ratios, not a ratio of means), or, when pooled, the operand
 * over the teams' aggregates combined. Teams without data for the operand are left out and
 * counted in the explanation.
 */
import type * as ast from '../parser/ast.js';
import type {
  Explanation,
  FactAggregate,
  PopulationRequirement,
  PopulationTeam,
  PopulationValues,
  TeamPopulation,
} from './compiled-plan.js';
import { type CompiledExpr, compileExpression, type Env, type ExprContext, warn } from './expressions.js';

/** How a population reads in text: 'teams on this plan', 'teams in vertical "Retail"', 'teams "T1", "T2"'. */
export function describePopulation(population: TeamPopulation): string {
  switch (population.kind) {
    case 'on this plan':
      return 'teams on this plan';
    case 'vertical':
    case 'geography':
      return `teams in ${population.kind} ${JSON.stringify(population.value)}`;
    case 'named':
      return `teams ${population.teamIds.map((id) => JSON.stringify(id)).join(', ')}`;
  }
}

/** The contract's population from the checked syntax (the checker refused anything incomplete). */
export function teamPopulation(spec: ast.PopulationSpec | null): TeamPopulation {
  switch (spec?.population) {
    case 'vertical':
    case 'geography':
      return { kind: spec.population, value: spec.names[0]?.text ?? '' };
    case 'named':
      return { kind: 'named', teamIds: [...new Set(spec.names.map((n) => n.text))] };
    default:
      return { kind: 'on this plan' };
  }
}

/** The teams' values of one statistic's operand, and the statistic over those with data. */
interface Outcome {
  value: number | null;
  /** Teams with data, with their value of the operand. */
  counted: { teamId: string; value: number }[];
  /** Teams without data for the operand (no facts, or the operand is missing for them). */
  leftOut: string[];
  unknownTeamIds: readonly string[];
}

const statisticWords: Record<ast.PopulationStatistic, string> = {
  mean: 'mean of the values of',
  median: 'median of the values of',
  pooled: 'pooled over',
};

/** Compiles a checked population statistic; the value is missing (with a warning) when no team has data. */
export function compilePopulation(
  ctx: ExprContext,
  e: ast.PopulationExpr,
  label: string,
  unit: Explanation['unit'],
): CompiledExpr {
  const statistic = e.statistic ?? 'mean';
  const population = teamPopulation(e.population);
  const key = describePopulation(population);
  const own = new Map<string, FactAggregate>();
  const teamScope: ast.ScopeSpec = {
    kind: 'ScopeSpec',
    scope: 'team',
    match: [],
    combined: false,
    range: e.range,
  };
  // Per team: team scope whatever the component's, the outer window still applies, no example overrides.
  const operand = compileExpression({ ...ctx, scope: teamScope, population: own }, e.operand);
  const requirement: PopulationRequirement & { aggregates: FactAggregate[] } =
    ctx.requirements.populations.get(key) ?? { key, population, aggregates: [] };
  for (const aggregate of own.values()) {
    if (!requirement.aggregates.some((a) => a.key === aggregate.key)) requirement.aggregates.push(aggregate);
  }
  ctx.requirements.populations.set(key, requirement);
  const keys = [...own.keys()];
  const aggregations = [...own.values()];

  const teamEnv = (aggregates: Readonly<Record<string, number | null>>): Env => ({
    input: { aggregates, transactions: {}, goals: {}, targetIncentiveMinor: null },
    warnings: null,
    overrides: null,
  });
  // The engine gives every participant of a period the same values object: combine it once.
  const outcomes = new WeakMap<PopulationValues, Outcome>();
  const combine = (values: PopulationValues): Outcome => {
    const cached = outcomes.get(values);
    if (cached) return cached;
    const counted: Outcome['counted'] = [];
    const included: PopulationTeam[] = [];
    const leftOut: string[] = [];
    for (const team of values.teams) {
      const facts = keys.reduce((sum, k) => sum + (team.factCounts[k] ?? 0), 0);
      const value = facts === 0 ? null : operand.evaluate(teamEnv(team.aggregates));
      if (value === null || !Number.isFinite(value)) leftOut.push(team.teamId);
      else {
        counted.push({ teamId: team.teamId, value });
        included.push(team);
      }
    }
    let value: number | null = null;
    if (counted.length > 0) {
      if (statistic === 'mean') value = counted.reduce((sum, t) => sum + t.value, 0) / counted.length;
      else if (statistic === 'median') value = median(counted.map((t) => t.value));
      else value = operand.evaluate(teamEnv(pool(aggregations, included)));
    }
    const outcome = { value, counted, leftOut, unknownTeamIds: values.unknownTeamIds };
    outcomes.set(values, outcome);
    return outcome;
  };
  const read = (env: Env): Outcome | null => {
    const values = env.input.populations?.[key];
    if (!values) {
      warn(
        env,
        'NO_POPULATION',
        `'${label}' received no teams for ${key} (an example cannot list teams: give a measure defined as this statistic); what depends on it pays 0.`,
      );
      return null;
    }
    const outcome = combine(values);
    if (outcome.unknownTeamIds.length > 0) {
      warn(
        env,
        'UNKNOWN_TEAM',
        `'${label}' names teams that do not exist: ${outcome.unknownTeamIds.map((id) => `"${id}"`).join(', ')}; they are not counted.`,
      );
    }
    if (outcome.value === null) {
      warn(
        env,
        'POPULATION_NO_DATA',
        `No team of ${key} has data for '${label}' (${outcome.leftOut.length} left out); what depends on it pays 0.`,
      );
    }
    return outcome;
  };
  return {
    evaluate: (env) => read(env)?.value ?? null,
    explain: (env) => {
      const outcome = read(env);
      if (!outcome)
        return { label, value: null, unit, detail: `${statistic}, ${key}: no values`, children: [] };
      const size = outcome.counted.length + outcome.leftOut.length;
      const parts = [
        `${size} team${size === 1 ? '' : 's'}`,
        `${outcome.leftOut.length} left out for lack of data`,
        ...(outcome.unknownTeamIds.length > 0
          ? [`${outcome.unknownTeamIds.length} named but not found`]
          : []),
      ];
      const counted = outcome.counted.length;
      return {
        label,
        value: outcome.value,
        unit,
        detail: `${statisticWords[statistic]} ${counted} team${counted === 1 ? '' : 's'}; ${key}: ${parts.join(', ')}`,
        children: [
          ...outcome.counted.map(
            (t): Explanation => ({ label: `team ${t.teamId}`, value: t.value, unit, children: [] }),
          ),
          ...outcome.leftOut.map(
            (teamId): Explanation => ({
              label: `team ${teamId}`,
              value: null,
              unit,
              detail: 'left out: no data',
              children: [],
            }),
          ),
        ],
      };
    },
  };
}

/** The middle value; with an even count, the mean of the two middle values. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Each aggregate over the teams' facts together: sums and counts add, averages weigh by their facts. */
function pool(
  aggregates: readonly FactAggregate[],
  teams: readonly PopulationTeam[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const aggregate of aggregates) {
    let total = 0;
    let facts = 0;
    let extreme: number | null = null;
    for (const team of teams) {
      const value = team.aggregates[aggregate.key] ?? null;
      const count = team.factCounts[aggregate.key] ?? 0;
      if (value === null || count === 0) continue;
      facts += count;
      if (aggregate.aggregation === 'average') total += value * count;
      else if (aggregate.aggregation === 'min') extreme = extreme === null ? value : Math.min(extreme, value);
      else if (aggregate.aggregation === 'max') extreme = extreme === null ? value : Math.max(extreme, value);
      else total += value;
    }
    if (aggregate.aggregation === 'average') out[aggregate.key] = facts === 0 ? null : total / facts;
    else if (aggregate.aggregation === 'min' || aggregate.aggregation === 'max') out[aggregate.key] = extreme;
    else out[aggregate.key] = total;
  }
  return out;
}
