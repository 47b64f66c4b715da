import { graphql } from '../graphql.js';

/** The key's role and participant, as the API tells it (the `viewer` query). */
export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      role
      participantId
    }
  }
`);
