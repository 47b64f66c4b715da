import { type ExplanationNode, formatQuantity } from './explanation';

/**
 * An explanation as an expandable tree: each node with children is a <details>, so it opens with
 * a click, Enter or Space. The top level starts open.
 */
export function ExplanationTree({
  node,
  currency,
  depth = 0,
}: {
  node: ExplanationNode;
  currency: string;
  depth?: number;
}) {
  const own = (
    <>
      <span className="label">{node.label}</span>{' '}
      <span className="value">{formatQuantity(node.value, node.unit, currency)}</span>
      {node.detail ? <span className="detail"> ({node.detail})</span> : null}
    </>
  );
  const children = node.children ?? [];
  if (children.length === 0) return <div className="leaf">{own}</div>;
  return (
    <details open={depth < 1} className="branch">
      <summary>{own}</summary>
      <div className="children">
        {children.map((child, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: explanation children have no id and never reorder.
          <ExplanationTree key={index} node={child} currency={currency} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}
