import { ImportErrorFields, ImportRejectedFields, ImportResultFields } from '../fragments.js';
import { graphql } from '../graphql.js';

/** The fragments every import's result selects, one per result type. */
const IMPORT_FRAGMENTS = [ImportResultFields, ImportRejectedFields, ImportErrorFields];

/** Imports participants as one batch, written whole or not at all. */
export const ImportParticipantsMutation = graphql(
  `
    mutation ImportParticipants($records: [ParticipantInput!]!) {
      result: importParticipants(records: $records) {
        __typename
        ...ImportResultFields
        ...ImportRejectedFields
        ...ImportErrorFields
      }
    }
  `,
  IMPORT_FRAGMENTS,
);

/** Imports teams as one batch, written whole or not at all. */
export const ImportTeamsMutation = graphql(
  `
    mutation ImportTeams($records: [TeamInput!]!) {
      result: importTeams(records: $records) {
        __typename
        ...ImportResultFields
        ...ImportRejectedFields
        ...ImportErrorFields
      }
    }
  `,
  IMPORT_FRAGMENTS,
);

/** Imports accounts as one batch, written whole or not at all. */
export const ImportAccountsMutation = graphql(
  `
    mutation ImportAccounts($records: [AccountInput!]!) {
      result: importAccounts(records: $records) {
        __typename
        ...ImportResultFields
        ...ImportRejectedFields
        ...ImportErrorFields
      }
    }
  `,
  IMPORT_FRAGMENTS,
);

/** Imports goals as one batch, written whole or not at all. */
export const ImportGoalsMutation = graphql(
  `
    mutation ImportGoals($records: [GoalInput!]!) {
      result: importGoals(records: $records) {
        __typename
        ...ImportResultFields
        ...ImportRejectedFields
        ...ImportErrorFields
      }
    }
  `,
  IMPORT_FRAGMENTS,
);

/** Imports plan assignments as one batch, written whole or not at all. */
export const ImportAssignmentsMutation = graphql(
  `
    mutation ImportAssignments($records: [AssignmentInput!]!) {
      result: importAssignments(records: $records) {
        __typename
        ...ImportResultFields
        ...ImportRejectedFields
        ...ImportErrorFields
      }
    }
  `,
  IMPORT_FRAGMENTS,
);

/** Imports facts (orders and other fact kinds) as one batch, written whole or not at all. */
export const ImportFactsMutation = graphql(
  `
    mutation ImportFacts($records: [FactInput!]!) {
      result: importFacts(records: $records) {
        __typename
        ...ImportResultFields
        ...ImportRejectedFields
        ...ImportErrorFields
      }
    }
  `,
  IMPORT_FRAGMENTS,
);
