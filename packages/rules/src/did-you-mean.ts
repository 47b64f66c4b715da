/**
 * Did-you-mean for misspelt names and keywords. The parser and the checker both use it, so it
 * sits beside diagnostics.ts rather than in either phase.
 */
import type { Suggestion } from './diagnostics.js';
import type { Range } from './parser/ast.js';

/** Edit distance between two short names, case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** The known name closest to `name` when it is close enough to be a misspelling of it, else null. */
export function closestName(name: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(name.length / 3));
  return best !== null && bestDistance <= allowed ? best : null;
}

/** " Did you mean 'revenue'?" for a close name, else ''. */
export function didYouMean(closest: string | null): string {
  return closest === null ? '' : ` Did you mean '${closest}'?`;
}

/**
 * The did-you-mean as an edit a code action can apply (`replacement` as it must be written, e.g.
 * quoted for a component); undefined when there is no close name.
 */
export function replaceWith(
  closest: string | null,
  range: Range,
  replacement: string | null = closest,
): Suggestion[] | undefined {
  if (closest === null || replacement === null) return undefined;
  return [{ message: `Replace with '${closest}'`, range, replacement }];
}
