import { PlanDiffQuery } from '@attain/client';
import { useState } from 'react';
import { ApiError, type ResultOf, request } from '../graphql';
import { useSession } from '../session';

type DiffLine = Extract<
  NonNullable<ResultOf<typeof PlanDiffQuery>['plan']>['diff'],
  { __typename: 'PlanDiffSuccess' }
>['data'][number];

interface Version {
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  publishedAt: string;
}

/** The draft in the version pickers: the API's diff takes 0 for the saved draft. */
const DRAFT = 0;

/** A row of the side-by-side view: the older text's line on the left, the newer's on the right. */
interface SideBySideRow {
  left: { line: number; text: string; removed: boolean } | null;
  right: { line: number; text: string; added: boolean } | null;
}

/**
 * The diff's lines as rows of two columns: unchanged lines side by side, and each run of removed
 * lines beside the run of added lines that replaced it.
 */
export function sideBySide(lines: readonly DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    for (let n = 0; n < Math.max(removed.length, added.length); n++) {
      const old = removed[n];
      const now = added[n];
      rows.push({
        left: old ? { line: old.oldLine ?? 0, text: old.text, removed: true } : null,
        right: now ? { line: now.newLine ?? 0, text: now.text, added: true } : null,
      });
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.change === 'removed') removed.push(line);
    else if (line.change === 'added') added.push(line);
    else {
      flush();
      rows.push({
        left: { line: line.oldLine ?? 0, text: line.text, removed: false },
        right: { line: line.newLine ?? 0, text: line.text, added: false },
      });
    }
  }
  flush();
  return rows;
}

/** The plan's published versions, and a side-by-side diff of any two of them or of the saved draft. */
export function VersionHistory({ planId, versions }: { planId: string; versions: readonly Version[] }) {
  const { key } = useSession();
  const newest = versions.at(-1)?.version ?? DRAFT;
  const [from, setFrom] = useState(versions[0]?.version ?? DRAFT);
  const [to, setTo] = useState(DRAFT);
  const [diff, setDiff] = useState<{
    from: number;
    to: number;
    rows: SideBySideRow[];
    changed: number;
  } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const name = (version: number) => (version === DRAFT ? 'saved draft' : `v${version}`);
  const compare = async () => {
    setProblem(null);
    try {
      const { plan } = await request(key, PlanDiffQuery, { id: planId, from, to });
      const result = plan?.diff;
      if (result?.__typename !== 'PlanDiffSuccess') {
        setDiff(null);
        setProblem(result && 'message' in result ? `${result.message} (${result.code})` : 'No such plan.');
        return;
      }
      setDiff({
        from,
        to,
        rows: sideBySide(result.data),
        changed: result.data.filter((line) => line.change !== 'same').length,
      });
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };
  if (versions.length === 0) return null;
  return (
    <section aria-labelledby="history-title" className="version-history">
      <h2 id="history-title">Version history</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">In force</th>
            <th scope="col">Published</th>
          </tr>
        </thead>
        <tbody>
          {[...versions].reverse().map((version) => (
            <tr key={version.version}>
              <td>v{version.version}</td>
              <td>
                from {version.effectiveFrom}
                {version.effectiveTo ? ` to ${version.effectiveTo}` : ''}
              </td>
              <td>{new Date(version.publishedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="diff-form">
        <div>
          <label htmlFor="diff-from">Compare</label>
          <select id="diff-from" value={from} onChange={(event) => setFrom(Number(event.target.value))}>
            {versions.map((version) => (
              <option key={version.version} value={version.version}>
                v{version.version}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="diff-to">with</label>
          <select id="diff-to" value={to} onChange={(event) => setTo(Number(event.target.value))}>
            {versions.map((version) => (
              <option key={version.version} value={version.version}>
                v{version.version}
              </option>
            ))}
            <option value={DRAFT}>saved draft</option>
          </select>
        </div>
        <button type="button" className="secondary" onClick={compare}>
          Show the differences
        </button>
      </div>
      <p className="muted small">
        The draft compared is the one saved last (v{newest} is the newest version); save the editor's text
        first to compare it.
      </p>
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
      {diff ? (
        <>
          <p role="status">
            {diff.changed === 0
              ? `${name(diff.from)} and ${name(diff.to)} have the same text.`
              : `${diff.changed} changed lines from ${name(diff.from)} to ${name(diff.to)}.`}
          </p>
          <section
            className="table-scroll"
            aria-label={`Differences from ${name(diff.from)} to ${name(diff.to)}`}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: plan lines are wide and scroll sideways, so a keyboard must reach them.
            tabIndex={0}
          >
            <table className="diff" data-testid="plan-diff">
              <thead>
                <tr>
                  <th scope="col" colSpan={2}>
                    {name(diff.from)}
                  </th>
                  <th scope="col" colSpan={2}>
                    {name(diff.to)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {diff.rows.map((row, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the rows of one diff never reorder.
                  <tr key={index}>
                    <td className="num muted">{row.left?.line ?? ''}</td>
                    <td className={row.left?.removed ? 'removed' : undefined}>
                      {row.left ? (
                        <>
                          {row.left.removed ? <span className="visually-hidden">removed: </span> : null}
                          <code>{row.left.text}</code>
                        </>
                      ) : null}
                    </td>
                    <td className="num muted">{row.right?.line ?? ''}</td>
                    <td className={row.right?.added ? 'added' : undefined}>
                      {row.right ? (
                        <>
                          {row.right.added ? <span className="visually-hidden">added: </span> : null}
                          <code>{row.right.text}</code>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </section>
  );
}
