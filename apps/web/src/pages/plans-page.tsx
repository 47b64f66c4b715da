import { ErrorMessage, Loading, Page } from '../components';
import { graphql } from '../graphql';
import { Link } from '../router';
import { useQuery } from '../use-query';

const PlansQuery = graphql(`
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

/** Every plan, its newest version and when its draft was saved; each opens the editor. */
export default function PlansPage() {
  const plans = useQuery(PlansQuery, {});
  return (
    <Page title="Plans">
      {plans.status === 'loading' ? <Loading what="the plans" /> : null}
      {plans.status === 'error' ? <ErrorMessage error={plans.error} what="the plans" /> : null}
      {plans.status === 'done' ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Id</th>
              <th scope="col">Newest version</th>
              <th scope="col">Draft saved</th>
            </tr>
          </thead>
          <tbody>
            {plans.data.plans.edges.map(({ node }) => {
              const newest = node.versions.at(-1);
              return (
                <tr key={node.id}>
                  <td>
                    <Link to={`/plans/${encodeURIComponent(node.externalId)}`}>{node.name}</Link>
                    {node.description ? <div className="muted small">{node.description}</div> : null}
                  </td>
                  <td className="code">{node.externalId}</td>
                  <td>
                    {newest
                      ? `v${newest.version}, from ${newest.effectiveFrom}${newest.effectiveTo ? ` to ${newest.effectiveTo}` : ''}`
                      : 'not published'}
                  </td>
                  <td>{node.draftSavedAt ? new Date(node.draftSavedAt).toLocaleString() : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
