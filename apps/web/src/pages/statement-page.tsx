import { StatementOwnerQuery, StatementsQuery } from '@attain/client';
import { ErrorMessage, Loading, Page } from '../components';
import { StatementView } from '../statement-view';
import { useQuery } from '../use-query';

function NotFound() {
  return (
    <Page title="Statement not found">
      <p role="alert" data-testid="not-found">
        There is no statement with this id that your key may see.
      </p>
    </Page>
  );
}

/** One statement by its id; another person's is "not found" to a participant key, like a wrong id. */
export default function StatementPage({ statementId }: { statementId: string }) {
  const owner = useQuery(StatementOwnerQuery, { id: statementId });
  if (owner.status === 'loading') return <Loading what="the statement" />;
  if (owner.status === 'error') return <ErrorMessage error={owner.error} what="this statement" />;
  const node = owner.data.node;
  if (node?.__typename !== 'Statement' || !node.participant) return <NotFound />;
  return <FullStatement id={node.id} participantId={node.participant.externalId} period={node.period} />;
}

function FullStatement({ id, participantId, period }: { id: string; participantId: string; period: string }) {
  const statements = useQuery(StatementsQuery, { participantId, period });
  if (statements.status === 'loading') return <Loading what="the statement" />;
  if (statements.status === 'error') return <ErrorMessage error={statements.error} what="this statement" />;
  const statement = statements.data.statements.find((candidate) => candidate.id === id);
  // A newer run of the plan may have replaced it since the link was made.
  if (!statement) return <NotFound />;
  return (
    <Page title="Statement">
      <StatementView statement={statement} />
    </Page>
  );
}
