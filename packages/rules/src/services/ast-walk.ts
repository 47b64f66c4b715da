/**
 * Walking the syntax tree without knowing every node kind: any object with a `kind` and a
 * `range` is a node, so grammar added later (new declarations, new expressions) is visited too.
 */
import type * as ast from '../parser/ast.js';

/** Any node of the tree, as the walker sees it. */
export interface AnyNode {
  kind: string;
  range: ast.Range;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'range' in value;
}

/** The nodes directly below `node`, in source order. */
export function childrenOf(node: AnyNode): AnyNode[] {
  const children: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'range') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) children.push(value);
  }
  return children.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

/** Calls `visit` on `node` and every node below it, parents first; `parents` is the chain above. */
export function walk(node: AnyNode, visit: (node: AnyNode, parents: readonly AnyNode[]) => void): void {
  const parents: AnyNode[] = [];
  const go = (current: AnyNode) => {
    visit(current, parents);
    parents.push(current);
    for (const child of childrenOf(current)) go(child);
    parents.pop();
  };
  go(node);
}

/** The chain of nodes containing `offset`, outermost first (the plan), innermost last. */
export function nodesAt(root: AnyNode, offset: number): AnyNode[] {
  const chain: AnyNode[] = [];
  let current: AnyNode | undefined = root;
  while (current) {
    chain.push(current);
    current = childrenOf(current).find(
      (child) => child.range.start.offset <= offset && offset <= child.range.end.offset,
    );
  }
  return chain;
}
