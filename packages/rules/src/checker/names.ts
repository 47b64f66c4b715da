/**
 * The names a plan declares and its pay currency: read before anything else, because unit
 * inference and every check look names up.
 */
import type { Diagnostic } from '../diagnostics.js';
import { digitsOf } from '../money/currencies.js';
import type * as ast from '../parser/ast.js';
import { report } from './check-context.js';

export interface PlanNames {
  measures: Map<string, ast.MeasureDecl>;
  components: Map<string, ast.ComponentDecl>;
  /** DUPLICATE_NAME for every later declaration of a name. */
  diagnostics: Diagnostic[];
}

/** The first declaration of each measure, component and example name; later ones are reported. */
export function collectNames(plan: ast.PlanNode): PlanNames {
  const names: PlanNames = { measures: new Map(), components: new Map(), diagnostics: [] };
  const examples = new Map<string, ast.ExampleDecl>();
  for (const d of plan.declarations) {
    if (d.kind === 'MeasureDecl' && d.name) {
      registerUnique(names, names.measures, d, d.name, `A measure named '${d.name.text}'`);
    } else if (d.kind === 'ComponentDecl' && d.name) {
      registerUnique(names, names.components, d, d.name, `A component named "${d.name.text}"`);
    } else if (d.kind === 'ExampleDecl' && d.name) {
      registerUnique(names, examples, d, d.name, `An example named "${d.name.text}"`);
    }
  }
  return names;
}

/** Keeps the first declaration of a name; a later one is a DUPLICATE_NAME error at its name. */
function registerUnique<D extends { name: ast.Name | null }>(
  names: PlanNames,
  seen: Map<string, D>,
  d: D,
  name: ast.Name,
  what: string,
): void {
  const first = seen.get(name.text)?.name;
  if (first) {
    report(
      names,
      'error',
      'DUPLICATE_NAME',
      `${what} is already defined; give this one another name.`,
      name.range,
      { related: [{ message: `${what} is first defined here.`, range: first.range }] },
    );
  } else seen.set(name.text, d);
}

/** The pay currency and its minor-unit digits: the last known code written, else USD. */
export function planCurrency(plan: ast.PlanNode): { currency: string; digits: number } {
  let found = { currency: 'USD', digits: 2 };
  for (const item of plan.header) {
    if (item.kind !== 'CurrencyItem' || !item.code) continue;
    const code = item.code.text.toUpperCase();
    const digits = digitsOf(code);
    if (digits !== null) found = { currency: code, digits };
  }
  return found;
}
