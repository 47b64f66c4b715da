import { graphql } from './graphql.js';

/** One node of an explanation: what it is, its value in its unit, and the tier or rate applied. */
export const ExplanationNodeFields = graphql(`
  fragment ExplanationNodeFields on Explanation {
    label
    detail
    unit
    value
  }
`);

/**
 * An explanation tree seven levels deep (a node and six levels of children), for lines that sit
 * two fields deeper than a statement's (an estimate's, a backtest's): the API's depth limit (12)
 * counts every field; `explanationText` has every level.
 */
export const ExplanationTreeShort = graphql(
  `
  fragment ExplanationTreeShort on Explanation {
    ...ExplanationNodeFields
    children {
      ...ExplanationNodeFields
      children {
        ...ExplanationNodeFields
        children {
          ...ExplanationNodeFields
          children {
            ...ExplanationNodeFields
            children {
              ...ExplanationNodeFields
              children {
                ...ExplanationNodeFields
              }
            }
          }
        }
      }
    }
  }
`,
  [ExplanationNodeFields],
);

/**
 * An explanation tree nine levels deep (a node and eight levels of children), the most the API's
 * depth limit (12) leaves room for under `statements { lines { explanation } }`.
 */
export const ExplanationTree = graphql(
  `
  fragment ExplanationTree on Explanation {
    ...ExplanationNodeFields
    children {
      ...ExplanationNodeFields
      children {
        ...ExplanationTreeShort
      }
    }
  }
`,
  [ExplanationNodeFields, ExplanationTreeShort],
);

/**
 * What a statement and an estimate show of each payout line, but its explanation: the tree's
 * depth depends on how deep the line sits (ExplanationTree, ExplanationTreeShort).
 */
export const PayoutLineFields = graphql(`
  fragment PayoutLineFields on PayoutLine {
    component
    kind
    attainment
    from
    to
    dealId
    amount {
      formatted
    }
  }
`);

/** What an import wrote: records added, changed and already as given. */
export const ImportResultFields = graphql(`
  fragment ImportResultFields on ImportResult {
    inserted
    updated
    unchanged
  }
`);

/** Why an import wrote nothing: each bad record's index, field and reason. */
export const ImportRejectedFields = graphql(`
  fragment ImportRejectedFields on ImportRejected {
    errorCount
    errors {
      index
      field
      reason
    }
  }
`);

/** Any other refusal of an import: its code and message. */
export const ImportErrorFields = graphql(`
  fragment ImportErrorFields on Error {
    code
    message
  }
`);
