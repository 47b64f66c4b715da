import { graphql } from '../graphql.js';

/** The payout runs with their period, status, statement count and total. */
export const PayoutRunsQuery = graphql(`
  query PayoutRuns {
    payoutRuns(last: 100) {
      edges {
        node {
          id
          period
          status
          statementCount
          finishedAt
          plan {
            name
          }
          total {
            formatted
          }
        }
      }
    }
  }
`);

/** One run's total and a page of its statements. */
export const PayoutRunQuery = graphql(`
  query PayoutRun($id: ID!, $after: String) {
    node(id: $id) {
      __typename
      ... on PayoutRun {
        id
        period
        status
        plan {
          name
        }
        total {
          formatted
        }
        statements(first: 40, after: $after) {
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              id
              participant {
                externalId
                name
              }
              total {
                formatted
              }
            }
          }
        }
      }
    }
  }
`);

/** A page of a run's statements with every payout line, for the CSV download. */
export const PayoutRunLinesQuery = graphql(`
  query PayoutRunLines($id: ID!, $after: String) {
    node(id: $id) {
      __typename
      ... on PayoutRun {
        period
        plan {
          name
        }
        statements(first: 25, after: $after) {
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              currency
              participant {
                externalId
                name
              }
              lines {
                component
                kind
                from
                to
                amount {
                  minorUnits
                }
              }
            }
          }
        }
      }
    }
  }
`);

/** The teams by id and name: for a period's team totals, and a backtest's scope. */
export const TeamsForTotalsQuery = graphql(`
  query TeamsForTotals {
    teams(first: 100) {
      edges {
        node {
          externalId
          name
        }
      }
    }
  }
`);

/** What one team was paid in a period, one total per currency. */
export const TeamTotalsQuery = graphql(`
  query TeamTotals($teamId: String!, $period: String!) {
    teamTotals(teamId: $teamId, period: $period) {
      totals {
        formatted
      }
      members {
        participantId
      }
    }
  }
`);
