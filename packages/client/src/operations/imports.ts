import { graphql } from '../graphql.js';

/** Imports participants as one batch, written whole or not at all. */
export const ImportParticipantsMutation = graphql(`
    mutation ImportParticipants($records: [ParticipantInput!]!) {
      result: importParticipants(records: $records) {
        __typename
        ... on ImportResult { inserted updated unchanged }
        ... on ImportRejected { errorCount errors { index field reason } }
        ... on Error { code message }
      }
    }
  `);

/** Imports teams as one batch, written whole or not at all. */
export const ImportTeamsMutation = graphql(`
    mutation ImportTeams($records: [TeamInput!]!) {
      result: importTeams(records: $records) {
        __typename
        ... on ImportResult { inserted updated unchanged }
        ... on ImportRejected { errorCount errors { index field reason } }
        ... on Error { code message }
      }
    }
  `);

/** Imports accounts as one batch, written whole or not at all. */
export const ImportAccountsMutation = graphql(`
    mutation ImportAccounts($records: [AccountInput!]!) {
      result: importAccounts(records: $records) {
        __typename
        ... on ImportResult { inserted updated unchanged }
        ... on ImportRejected { errorCount errors { index field reason } }
        ... on Error { code message }
      }
    }
  `);

/** Imports goals as one batch, written whole or not at all. */
export const ImportGoalsMutation = graphql(`
    mutation ImportGoals($records: [GoalInput!]!) {
      result: importGoals(records: $records) {
        __typename
        ... on ImportResult { inserted updated unchanged }
        ... on ImportRejected { errorCount errors { index field reason } }
        ... on Error { code message }
      }
    }
  `);

/** Imports plan assignments as one batch, written whole or not at all. */
export const ImportAssignmentsMutation = graphql(`
    mutation ImportAssignments($records: [AssignmentInput!]!) {
      result: importAssignments(records: $records) {
        __typename
        ... on ImportResult { inserted updated unchanged }
        ... on ImportRejected { errorCount errors { index field reason } }
        ... on Error { code message }
      }
    }
  `);

/** Imports facts (orders and other fact kinds) as one batch, written whole or not at all. */
export const ImportFactsMutation = graphql(`
    mutation ImportFacts($records: [FactInput!]!) {
      result: importFacts(records: $records) {
        __typename
        ... on ImportResult { inserted updated unchanged }
        ... on ImportRejected { errorCount errors { index field reason } }
        ... on Error { code message }
      }
    }
  `);
