import { graphql } from '../graphql.js';

/** Creates a plan with no versions. */
export const CreatePlanMutation = graphql(`
  mutation CreatePlan($id: String!, $name: String!, $description: String) {
    createPlan(id: $id, name: $name, description: $description) {
      __typename
      ... on Error {
        code
        message
      }
    }
  }
`);

/** Saves a template's text as a new plan's draft. */
export const SaveTemplateDraftMutation = graphql(`
  mutation SaveTemplateDraft($planId: String!, $text: String!) {
    savePlanDraft(planId: $planId, text: $text) {
      __typename
      ... on Error {
        code
        message
      }
    }
  }
`);

/** Every plan with its newest published version and its draft. */
export const PlansQuery = graphql(`
  query Plans {
    plans(first: 100) {
      edges {
        node {
          id
          externalId
          name
          description
          draftSavedAt
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

/** A plan as the editor opens it: its draft or newest text, and its versions. */
export const PlanForEditorQuery = graphql(`
  query PlanForEditor($id: String!) {
    plan(id: $id) {
      id
      externalId
      name
      draftText
      draftSavedAt
      versions {
        version
        effectiveFrom
        effectiveTo
        publishedAt
      }
    }
  }
`);

/** Saves the editor's text as the plan's draft, errors and all. */
export const SaveDraftMutation = graphql(`
  mutation SaveDraft($planId: String!, $text: String!) {
    savePlanDraft(planId: $planId, text: $text) {
      __typename
      ... on PlanCheck {
        valid
        diagnostics {
          severity
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

/** Publishes a text as the next version from a date, naming the newest version seen. */
export const PublishMutation = graphql(`
  mutation Publish($planId: String!, $text: String!, $effectiveFrom: Day!, $expectedVersion: Int!) {
    publishPlanVersion(planId: $planId, text: $text, effectiveFrom: $effectiveFrom, expectedVersion: $expectedVersion) {
      __typename
      ... on PlanVersion {
        version
        effectiveFrom
      }
      ... on PlanHasErrors {
        code
        message
        diagnostics {
          code
          message
          range {
            start {
              line
              column
            }
          }
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

/** The differences between two versions of a plan, or a version and the draft (0). */
export const PlanDiffQuery = graphql(`
  query PlanDiff($id: String!, $from: Int!, $to: Int!) {
    plan(id: $id) {
      diff(from: $from, to: $to) {
        __typename
        ... on PlanDiffSuccess {
          data {
            change
            oldLine
            newLine
            text
          }
        }
        ... on Error {
          code
          message
        }
      }
    }
  }
`);
