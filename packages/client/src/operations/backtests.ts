import { ExplanationTreeShort } from '../fragments.js';
import { graphql } from '../graphql.js';

/** The plans a backtest can replay, with their saved drafts and published versions. */
export const PlansForBacktestQuery = graphql(`
  query PlansForBacktest {
    plans(first: 100) {
      edges {
        node {
          externalId
          name
          draftText
          versions {
            version
            effectiveFrom
            effectiveTo
          }
        }
      }
    }
  }
`);

/** Queues a backtest; its progress comes from BacktestProgressSubscription. */
export const StartBacktestMutation = graphql(`
  mutation StartBacktest($input: StartBacktestInput!) {
    startBacktest(input: $input) {
      __typename
      ... on Backtest {
        id
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

/** Cancels a queued or running backtest. */
export const CancelBacktestMutation = graphql(`
  mutation CancelBacktest($id: ID!) {
    cancelBacktest(id: $id) {
      __typename
      ... on Error {
        code
        message
      }
    }
  }
`);

/** A backtest's progress as server-sent events, until it completes, fails or is cancelled. */
export const BacktestProgressSubscription = graphql(`
  subscription BacktestProgress($id: ID!) {
    backtestProgress(id: $id) {
      status
      error {
        code
        message
      }
      progress {
        phase
        percent
      }
    }
  }
`);

/** A finished backtest's totals per candidate, and how many people each one pays more or less. */
export const BacktestResultsQuery = graphql(`
  query BacktestResults($id: ID!) {
    backtest(id: $id) {
      status
      currency
      participants
      periods
      summaries {
        candidate
        distribution {
          gain
          lose
          unchanged
        }
        baseline {
          formatted
        }
        total {
          formatted
        }
        delta {
          formatted
        }
        percentChange
      }
    }
  }
`);

/** How a candidate's deltas spread over a finished backtest's rows, in at most `bins` bins, read without the rows. */
export const BacktestDeltaHistogramQuery = graphql(`
  query BacktestDeltaHistogram($id: ID!, $candidate: String!, $bins: Int) {
    backtest(id: $id) {
      deltaHistogram(candidate: $candidate, bins: $bins) {
        rows
        zero
        min {
          minorUnits
        }
        max {
          minorUnits
        }
        bins {
          from
          to
          count
        }
      }
    }
  }
`);

/**
 * A page of a backtest's rows (a person in a period: baseline, candidates, deltas) in the
 * server's order, forward (`first`, `after`) or backward (`last`, `before`), with the total count.
 */
export const BacktestRowsQuery = graphql(`
  query BacktestRows(
    $id: ID!
    $first: Int
    $after: String
    $last: Int
    $before: String
    $orderBy: BacktestRowOrder
    $participantId: String
  ) {
    backtest(id: $id) {
      rows(
        first: $first
        after: $after
        last: $last
        before: $before
        orderBy: $orderBy
        participantId: $participantId
      ) {
        totalCount
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
        edges {
          node {
            participantId
            period
            baseline {
              minorUnits
            }
            candidates {
              candidate
              total {
                minorUnits
              }
              delta {
                minorUnits
              }
            }
          }
        }
      }
    }
  }
`);

/** One backtest row's explanation for the baseline or a candidate, line by line. */
export const ExplainBacktestLineQuery = graphql(
  `
  query ExplainBacktestLine($id: ID!, $participantId: String!, $period: String!, $candidate: String) {
    backtestExplanation(id: $id, participantId: $participantId, period: $period, candidate: $candidate) {
      __typename
      ... on BacktestExplanation {
        plan
        matchesStored
        total {
          formatted
        }
        lines {
          component
          amount {
            formatted
          }
          explanation {
            ...ExplanationTreeShort
          }
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`,
  [ExplanationTreeShort],
);
