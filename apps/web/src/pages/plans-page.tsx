import { CreatePlanMutation, PlansQuery, SaveTemplateDraftMutation } from '@attain/client';
import { type FormEvent, useState } from 'react';
import { ErrorMessage, Loading, Page } from '../components';
import { PLAN_TEMPLATES, templateFor } from '../editor/templates';
import { ApiError, request } from '../graphql';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useQuery } from '../use-query';

/** Every plan, its newest version and when its draft was saved; each opens the editor. */
export default function PlansPage() {
  const plans = useQuery(PlansQuery, {});
  const { viewer } = useSession();
  return (
    <Page title="Plans">
      {viewer.role === 'admin' ? <NewFromTemplate /> : null}
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

/**
 * "New plan from a template": creates the plan and saves a template as its draft (its name put in
 * the text), then opens the editor on it. Nothing is published.
 */
function NewFromTemplate() {
  const { key } = useSession();
  const [templateId, setTemplateId] = useState(PLAN_TEMPLATES[0]?.id ?? '');
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const template = PLAN_TEMPLATES.find((candidate) => candidate.id === templateId);
    if (!template) return;
    setProblem(null);
    setBusy(true);
    try {
      const { createPlan } = await request(key, CreatePlanMutation, {
        id: id.trim(),
        name: name.trim(),
        description: `From the ${template.label.toLowerCase()} template.`,
      });
      if (createPlan.__typename !== 'Plan') {
        setProblem(`Not created: ${createPlan.message} (${createPlan.code})`);
        return;
      }
      const { savePlanDraft } = await request(key, SaveTemplateDraftMutation, {
        planId: id.trim(),
        text: templateFor(template, name.trim()),
      });
      if ('message' in savePlanDraft) {
        setProblem(`The plan was created, but its draft was not saved: ${savePlanDraft.message}`);
        return;
      }
      navigate(`/plans/${encodeURIComponent(id.trim())}`);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="new-plan">
      <summary>New plan from a template</summary>
      <form className="backtest-form" onSubmit={create}>
        <div>
          <label htmlFor="template">Template</label>
          <select id="template" value={templateId} onChange={(event) => setTemplateId(event.target.value)}>
            {PLAN_TEMPLATES.map((template) => (
              <option key={template.id} value={template.id}>
                {template.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="new-plan-id">Id</label>
          <input
            id="new-plan-id"
            required
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            title="Lowercase letters, digits and dashes, e.g. team-performance-2027"
            value={id}
            onChange={(event) => setId(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor="new-plan-name">Name</label>
          <input id="new-plan-name" required value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          Create the draft
        </button>
      </form>
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
    </details>
  );
}
