import { clientOperations } from '@attain/client/trusted-documents';

/** One operation a front end or an integration sends, with the variables it sends it with. */
export interface RealQuery {
  /** Who sends it and why. */
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * Every operation the web console sends: @attain/client's, which the console imports (fragments
 * appended, as the client sends them). `file` names the operation's export.
 */
export function consoleOperations(): { file: string; query: string }[] {
  return clientOperations().map(({ exportName, text }) => ({ file: exportName, query: text }));
}

/** What a rep portal sends: the signed-in rep's own pay. */
export const REP_PORTAL_QUERIES: RealQuery[] = [
  {
    name: 'rep portal: the last three runs, twenty statements each, with totals (issue 15: cost 5,038 under Armor)',
    query:
      '{ payoutRuns(first: 3) { edges { node { statements(first: 20) { edges { node { id total { formatted } } } } } } } }',
  },
  {
    name: "rep portal: the rep's statement for a quarter, every line explained as text",
    query: `query ($participantId: String!, $period: String!) {
      statements(participantId: $participantId, period: $period) {
        id period plan { name } total { formatted minorUnits currency } targetIncentive { formatted }
        lines { component kind attainment from to amount { formatted } explanationText warnings { code message } }
        segments { from to team { name } targetIncentive { formatted } targetIncentiveExplanationText }
        paidEarlier { period amount { formatted } }
      } }`,
    variables: { participantId: 'p-ann', period: '2025-Q1' },
  },
  {
    name: "rep portal: the rep's profile, teams and goals",
    query: `{ viewer { role participantId }
      participants(first: 1) { edges { node { externalId name role currency annualTargetIncentiveMinor hireDate
        memberships { teamName role from to } } } }
      goals(first: 50) { edges { node { name periodId value currency } } } }`,
  },
  {
    name: "rep portal: the rep's plan assignments",
    query: '{ assignments(first: 20) { edges { node { planId from to annualTargetIncentiveMinor } } } }',
  },
];

/** What a payroll or finance integration sends: whole runs, page by page. */
export const PAYROLL_QUERIES: RealQuery[] = [
  {
    name: 'payroll: a page of 100 statements with the run and the person (issue 15: cost 6,319 under Armor)',
    query: `query ($after: String) { payoutRuns(first: 1) { edges { node {
      statements(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
        edges { node { id runId participant { externalId } } } } } } } }`,
  },
  {
    name: 'payroll: a page of 100 statements with every line in minor units',
    query: `{ payoutRuns(first: 1) { edges { node { id period status plan { externalId }
      statements(first: 100) { pageInfo { hasNextPage endCursor } edges { cursor node {
        id period currency participant { externalId name currency }
        total { minorUnits currency } targetIncentive { minorUnits currency }
        lines { component kind from to dealId team { externalId } amount { minorUnits currency } }
      } } } } } } }`,
  },
  {
    name: 'payroll: the runs of a period with their totals and versions',
    query: `{ payoutRuns(first: 100, period: "2025-Q1") { pageInfo { hasNextPage endCursor } edges { node {
      id period status fingerprint statementCount createdAt finishedAt factsGeneration
      plan { externalId name } total { minorUnits currency formatted } versions { version effectiveFrom effectiveTo }
      errors { code message factId participantId } } } } }`,
  },
  {
    name: 'payroll: a page of 100 participants with every field and their memberships',
    query: `{ participants(first: 100) { pageInfo { hasNextPage endCursor } edges { node {
      id externalId name role geography vertical currency annualTargetIncentiveMinor hireDate terminationDate attributes
      memberships { teamExternalId teamName role from to } } } } }`,
  },
  {
    name: 'payroll: team totals of a quarter',
    query: `{ teamTotals(teamId: "t-one", period: "2025-Q1") { teamId period totals { minorUnits currency formatted }
      members { participantId total { minorUnits currency } } } }`,
  },
  {
    name: 'finance: a page of 100 orders with their credits',
    query: `{ facts(first: 100, kinds: [order]) { pageInfo { hasNextPage endCursor } edges { node {
      externalId kind date accountExternalId currency amount cost productLine repeat
      credits { participantExternalId share } } } } }`,
  },
  {
    name: "audit: a page of 100 statements with each line's explanation tree, four levels deep",
    query: `{ payoutRuns(first: 1) { edges { node { statements(first: 100) { edges { node {
      id participant { externalId } total { formatted }
      lines { component amount { formatted } explanation { label unit value detail
        children { label unit value detail children { label unit value detail
          children { label unit value detail } } } } }
      adjustments { label unit value detail } } } } } } } }`,
  },
];
