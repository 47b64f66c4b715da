import { ExplanationTree, PayoutLineFields } from '../fragments.js';
import { graphql } from '../graphql.js';

/**
 * A person's statements for a period with everything a statement page shows: lines with their
 * explanation trees (ExplanationTree), segments, warnings.
 */
export const StatementsQuery = graphql(
  `
  query Statements($participantId: String!, $period: String!) {
    statements(participantId: $participantId, period: $period) {
      id
      period
      currency
      participant {
        externalId
        name
      }
      plan {
        name
      }
      total {
        formatted
      }
      targetIncentive {
        formatted
      }
      lines {
        ...PayoutLineFields
        explanation {
          ...ExplanationTree
        }
        explanationText
      }
      segments {
        from
        to
        team {
          name
        }
        targetIncentive {
          formatted
        }
        proration {
          dayCount
          daysEmployed
          daysInPeriod
          fraction
          periodsPerYear
          wholePeriod
          annualTargetIncentive {
            formatted
          }
        }
      }
      warnings {
        code
        message
      }
    }
  }
`,
  [PayoutLineFields, ExplanationTree],
);

/**
 * Whose statement an id is. The full statement is then read through `statements`: under `node`
 * the explanation tree would lose a level to the API's depth limit.
 */
export const StatementOwnerQuery = graphql(`
  query StatementOwner($id: ID!) {
    node(id: $id) {
      __typename
      ... on Statement {
        id
        period
        participant {
          externalId
        }
      }
    }
  }
`);

/** A participant's plan assignments, for the periods its statements cover. */
export const MyAssignmentsQuery = graphql(`
  query MyAssignments($participantId: String!) {
    assignments(participantId: $participantId, first: 100) {
      edges {
        node {
          from
          to
        }
      }
    }
  }
`);

/** A participant's statements for a period, totals only. */
export const MyStatementSummariesQuery = graphql(`
  query MyStatementSummaries($participantId: String!, $period: String!) {
    statements(participantId: $participantId, period: $period) {
      id
      period
      plan {
        name
      }
      total {
        formatted
      }
    }
  }
`);
