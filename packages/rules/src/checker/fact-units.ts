/**
 * The units of aggregates, from the fact model: what the model does not know has no unit, and
 * saying so (with a did-you-mean) is part of inferring it.
 */
import type * as ast from '../parser/ast.js';
import { report, reportUnknown } from './check-context.js';
import { factModel, fieldsOf, fieldType } from './fact-model.js';
import type { InferContext } from './infer-units.js';
import type { Unit } from './units.js';

/** The unit of an aggregate: a count, or the type of the field it reads. */
export function aggregateUnit(ctx: InferContext, e: ast.AggregateExpr): Unit {
  if (!e.factKind) return 'any';
  const fields = fieldsOf(e.factKind.text);
  if (!fields) {
    reportUnknown(
      ctx,
      'UNKNOWN_FACT_KIND',
      `'${e.factKind.text}' is not a kind of fact. Facts are ${Object.keys(factModel).join(', ')}.`,
      e.factKind,
      Object.keys(factModel),
    );
    return 'any';
  }
  for (const filter of e.filters) checkFilter(ctx, e.factKind.text, filter);
  if (e.aggregation === 'count') return 'count';
  if (!e.field) {
    report(
      ctx,
      'error',
      'MISSING_FIELD',
      `Say which field to ${e.aggregation === 'sum' ? 'add up' : 'use'}, e.g. '${e.aggregation === 'min' ? 'minimum' : e.aggregation === 'max' ? 'maximum' : e.aggregation} of ${e.factKind.text}.${firstNumericField(e.factKind.text)}'.`,
      e.range,
    );
    return 'any';
  }
  const type = fieldType(e.factKind.text, e.field.text);
  if (!type) {
    reportUnknown(
      ctx,
      'UNKNOWN_FIELD',
      `A ${e.factKind.text} has no field '${e.field.text}'.`,
      e.field,
      Object.keys(fields),
    );
    return 'any';
  }
  if (type === 'string' || type === 'boolean') {
    report(
      ctx,
      'error',
      'FIELD_NOT_NUMERIC',
      `'${e.field.text}' is not a number, so it cannot be ${e.aggregation === 'sum' ? 'added up' : 'averaged or compared'}. Filter on it with 'where' instead, or count the facts.`,
      e.field.range,
    );
    return 'any';
  }
  return type;
}
function firstNumericField(kind: string): string {
  const fields = fieldsOf(kind) ?? {};
  return Object.keys(fields).find((f) => fields[f] === 'money' || fields[f] === 'score') ?? 'amount';
}
function checkFilter(ctx: InferContext, kind: string, filter: ast.Filter): void {
  if (!filter.attribute) return;
  const type = fieldType(kind, filter.attribute.text);
  if (!type) {
    reportUnknown(
      ctx,
      'UNKNOWN_ATTRIBUTE',
      `A ${kind} has no attribute '${filter.attribute.text}'.`,
      filter.attribute,
      Object.keys(fieldsOf(kind) ?? {}),
    );
    return;
  }
  const expected = type === 'boolean' ? 'boolean' : type === 'string' ? 'string' : 'number';
  for (const value of filter.values) {
    if (typeof value !== expected) {
      const hint =
        expected === 'boolean'
          ? `write 'where ${filter.attribute.text}' or 'where not ${filter.attribute.text}'`
          : expected === 'string'
            ? `compare it with a quoted value, e.g. '${filter.attribute.text} is "Cloud"'`
            : 'compare it with a number';
      report(
        ctx,
        'error',
        'FILTER_TYPE_MISMATCH',
        `'${filter.attribute.text}' is a ${expected === 'boolean' ? 'yes/no' : expected} attribute: ${hint}.`,
        filter.range,
      );
      return;
    }
  }
  if (
    (filter.operator === '<' ||
      filter.operator === '>' ||
      filter.operator === '<=' ||
      filter.operator === '>=') &&
    expected !== 'number'
  ) {
    report(
      ctx,
      'error',
      'FILTER_TYPE_MISMATCH',
      `'${filter.attribute.text}' is not a number; use 'is' or 'is one of'.`,
      filter.range,
    );
  }
}
