// The plans of docs/examples, as they are checked there (packages/rules tests them): a template is
// a working plan, not a sketch.
import mixed from '../../../../docs/examples/mixed.plan?raw';
import portfolio from '../../../../docs/examples/portfolio.plan?raw';
import renewal from '../../../../docs/examples/renewal.plan?raw';
import teamPerformance from '../../../../docs/examples/team-performance.plan?raw';

/** A whole plan to start from. */
export interface PlanTemplate {
  id: string;
  label: string;
  text: string;
}

export const PLAN_TEMPLATES: readonly PlanTemplate[] = [
  { id: 'team-performance', label: 'Team performance (team and individual goals)', text: teamPerformance },
  { id: 'portfolio', label: 'Portfolio (growth of the account)', text: portfolio },
  { id: 'renewal', label: 'Renewal (defend existing revenue)', text: renewal },
  { id: 'mixed', label: 'Mixed (parts of all three)', text: mixed },
];

/** The template's text declaring `name` instead of its own: `plan "<name>"` must match the plan's name. */
export function templateFor(template: PlanTemplate, name: string): string {
  return template.text.replace(/^plan\s+"[^"]*"/m, `plan ${JSON.stringify(name)}`);
}

/** A common piece of a plan, to insert where the cursor is. */
export interface PlanSnippet {
  id: string;
  label: string;
  text: string;
}

export const PLAN_SNIPPETS: readonly PlanSnippet[] = [
  {
    id: 'curve',
    label: 'A payout curve',
    text: `component "Revenue" weight 50% for individual
  pays curve on revenue / goal "Revenue":
    below 50%: 0%
    from 50% up to 100%: 50% to 100%
    from 100% up to and including 150%: 100% to 200%
    above 150%: 200%
`,
  },
  {
    id: 'rate-table',
    label: 'A rate table',
    text: `component "New business" for individual
  pays rates on revenue, marginal, on the period total:
    up to 100,000: 2%
    from 100,000: 4%
`,
  },
  {
    id: 'gate',
    label: 'A gate',
    text: `when csat is below 4: team components pay 50%
`,
  },
  {
    id: 'cap',
    label: 'A cap',
    text: `cap total at 150% of target incentive
`,
  },
];
