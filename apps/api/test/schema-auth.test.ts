import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';

/** Pothos keeps each field's and type's options in `extensions.pothosOptions`. */
function declaresScopes(extensions: unknown): boolean {
  const options = (extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions;
  return options?.authScopes !== undefined;
}

// Wrappers that only ever appear under a field that has already been authorized.
const WRAPPERS =
  /(Connection|Edge|Success)$|^(PageInfo|ImportResult|ImportRecordError|CreatedApiKey|AuditArgument|Health)$|Error$|^ImportRejected$/;
// Values computed for (or stored inside) an object whose field was authorized: plan checks,
// statement lines (and their pay-currency conversions), stretches and their explanations, a
// statement's draw and holds, totals, a participant's field values.
const VALUES =
  /^(PlanCheck|Diagnostic|TextRange|Position|MeasureRequirement|ComponentPayoutRange|DiffLine|PlanHasErrors|PlanDoesNotCompile|Money|PayoutLine|LineConversion|ConversionRate|PayoutWarning|PaidEarlier|StatementDraw|StatementHolds|HeldDeal|Explanation|StatementSegment|TargetProration|TeamTotals|TeamMemberTotal|ParticipantField)$/;

describe('deny by default', () => {
  it('gives every query and mutation field an explicit auth scope', () => {
    const roots = [schema.getQueryType()!, schema.getMutationType()!];
    const undeclared = roots.flatMap((root) =>
      Object.values(root.getFields())
        .filter((field) => !declaresScopes(field.extensions))
        .map((field) => `${root.name}.${field.name}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('gives every object type that holds stored data a type-level auth scope', () => {
    const undeclared = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__') && !['Query', 'Mutation'].includes(type.name))
      .filter((type) => !WRAPPERS.test(type.name) && !VALUES.test(type.name))
      .filter((type) => !declaresScopes(type.extensions))
      .map((type) => type.name);
    expect(undeclared).toEqual([]);
  });
});
