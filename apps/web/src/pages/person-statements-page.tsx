import { StatementsQuery } from '@attain/client';
import { ErrorMessage, Loading, Page } from '../components';
import { Link } from '../router';
import { useSession } from '../session';
import { StatementView } from '../statement-view';
import { useQuery } from '../use-query';

/** A person's statements for one period, one per plan (a participant key: its own only). */
export default function PersonStatementsPage({
  participantId,
  period,
}: {
  participantId: string;
  period: string;
}) {
  const { viewer } = useSession();
  const title = `Statements of ${participantId} · ${period}`;
  // The API answers a participant key an empty list for anyone else; say why instead.
  if (viewer.role === 'participant' && viewer.participantId !== participantId)
    return (
      <Page title={title}>
        <p role="alert" data-testid="not-yours">
          A participant key sees only its own statements. <Link to="/me">Go to my statements</Link>.
        </p>
      </Page>
    );
  return <Statements participantId={participantId} period={period} title={title} />;
}

function Statements({
  participantId,
  period,
  title,
}: {
  participantId: string;
  period: string;
  title: string;
}) {
  const statements = useQuery(StatementsQuery, { participantId, period });
  if (statements.status === 'loading') return <Loading what="the statements" />;
  if (statements.status === 'error')
    return (
      <Page title={title}>
        <ErrorMessage error={statements.error} what={`the statements of ${participantId}`} />
      </Page>
    );
  return (
    <Page title={title}>
      {statements.data.statements.length === 0 ? <p>No statement for this period.</p> : null}
      {statements.data.statements.map((statement, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one statement per plan, in the API's order.
        <StatementView key={index} statement={statement} />
      ))}
    </Page>
  );
}
