import { ExplanationTreeShort, PayoutLineFields } from '../fragments.js';
import { graphql } from '../graphql.js';

/** What a participant would be paid with hypothetical deals, line by line; nothing is stored. */
export const EstimatePayoutQuery = graphql(
  `
  query EstimatePayout($participantId: String!, $deals: [HypotheticalDealInput!]!, $period: String) {
    estimatePayout(participantId: $participantId, deals: $deals, period: $period) {
      __typename
      ... on PayoutEstimate {
        period
        currency
        plan {
          name
        }
        baseline {
          total {
            formatted
          }
        }
        estimate {
          total {
            formatted
          }
          targetIncentive {
            formatted
          }
          lines {
            ...PayoutLineFields
            explanation {
              ...ExplanationTreeShort
            }
          }
          warnings {
            code
            message
          }
        }
        difference {
          minorUnits
          formatted
        }
        lines {
          component
          from
          to
          baseline {
            formatted
          }
          estimate {
            formatted
          }
          difference {
            minorUnits
            formatted
          }
        }
      }
      ... on InvalidInputError {
        field
      }
      ... on Error {
        code
        message
      }
    }
  }
`,
  [PayoutLineFields, ExplanationTreeShort],
);
