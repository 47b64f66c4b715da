/** Plan filters (`where productLine is "Cloud"`) compiled to row predicates over the columns. */
import type { FactFilter } from '@attain/rules';
import type { FactColumns } from '../facts/fact-columns.js';

/** True when the fact at a row passes. */
export type RowPredicate = (row: number) => boolean;

/** One predicate for all filters (they all must pass); null when there are none. */
export function compileFilters(columns: FactColumns, filters: readonly FactFilter[]): RowPredicate | null {
  if (filters.length === 0) return null;
  const predicates = filters.map((filter) => compileFilter(columns, filter));
  if (predicates.length === 1) return predicates[0] as RowPredicate;
  return (row) => {
    for (const predicate of predicates) if (!predicate(row)) return false;
    return true;
  };
}

/** A stable text form of filters, used as part of cache keys. */
export function filtersKey(filters: readonly FactFilter[]): string {
  return JSON.stringify(filters.map((f) => [f.attribute, f.operator, f.values]));
}

function compileFilter(columns: FactColumns, filter: FactFilter): RowPredicate {
  const column = columns.attributes.get(filter.attribute);
  const negated = filter.operator === 'is not' || filter.operator === 'not in';
  // A fact without the attribute never equals anything: 'is' fails and 'is not' passes.
  if (!column) return () => negated;
  const { operator, values } = filter;
  if (operator === 'is' || operator === 'is not' || operator === 'in' || operator === 'not in') {
    if (column.type === 'string') {
      const wanted = new Uint8Array(column.dictionary.length);
      column.dictionary.forEach((value, code) => {
        if (values.some((v) => String(v) === value)) wanted[code] = 1;
      });
      const codes = column.codes;
      return negated
        ? (row) => {
            const code = codes[row] as number;
            return code < 0 || wanted[code] === 0;
          }
        : (row) => {
            const code = codes[row] as number;
            return code >= 0 && wanted[code] === 1;
          };
    }
    if (column.type === 'boolean') {
      const wantTrue = values.some((v) => v === true || v === 'true');
      const wantFalse = values.some((v) => v === false || v === 'false');
      const data = column.values;
      const matches = (row: number) => {
        const v = data[row] as number;
        return (v === 1 && wantTrue) || (v === 0 && wantFalse);
      };
      return negated ? (row) => !matches(row) : matches;
    }
    const numbers = values.map(Number);
    const data = column.values;
    const matches = (row: number) => numbers.includes(data[row] as number);
    return negated ? (row) => !matches(row) : matches;
  }
  const bound = Number(values[0]);
  if (column.type !== 'number' || !Number.isFinite(bound)) return () => false;
  const data = column.values;
  switch (operator) {
    case '<':
      return (row) => (data[row] as number) < bound;
    case '<=':
      return (row) => (data[row] as number) <= bound;
    case '>':
      return (row) => (data[row] as number) > bound;
    case '>=':
      return (row) => (data[row] as number) >= bound;
  }
}
