// A front end in twenty lines: who the key is, then each payout run with its total.
//   ATTAIN_API_KEY=attain_... pnpm --filter @attain/client example
// ATTAIN_API_URL points at another API (default http://localhost:4000/graphql, `pnpm start`'s);
// ATTAIN_PERSISTED=1 sends each operation by its hash, for an API in trusted-documents-only mode.
import { ApiError, PayoutRunsQuery, request, ViewerQuery } from '../src/index.js';

const key = process.env.ATTAIN_API_KEY;
if (!key) {
  console.error(
    'Set ATTAIN_API_KEY to an API key (pnpm start prints the demo admin key on a fresh database).',
  );
  process.exit(2);
}
const options = {
  key,
  url: process.env.ATTAIN_API_URL ?? 'http://localhost:4000/graphql',
  persisted: process.env.ATTAIN_PERSISTED === '1',
};

try {
  // Both results are typed from schema.graphql: `viewer.role` is 'admin' | 'analyst' | ...
  const { viewer } = await request(ViewerQuery, {}, options);
  console.log(`signed in as ${viewer.role}${viewer.participantId ? ` (${viewer.participantId})` : ''}`);
  const { payoutRuns } = await request(PayoutRunsQuery, {}, options);
  for (const { node } of payoutRuns.edges) {
    console.log(
      `${node.period}  ${node.plan?.name ?? '(no plan)'}  ${node.status}  ${node.total?.formatted ?? 'no total yet'}`,
    );
  }
} catch (error) {
  // An ApiError carries the API's code (UNAUTHENTICATED, FORBIDDEN, PERSISTED_QUERY_NOT_FOUND...).
  console.error(error instanceof ApiError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
}
