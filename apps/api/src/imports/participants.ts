import type { ParticipantField } from '@attain/engine';
import type { Participant } from '../repositories/participants.js';
import type { Importer } from './importer.js';
import type { RecordChecker } from './record-checker.js';

/** Field records per participant: a salary history of decades fits many times over. */
const MAX_FIELDS = 200;
/** Names plans and documents can carry as keys (no "$" at the start, no "."). */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/** Participants: the people paid by plans. */
export const participantImporter: Importer<Participant> = {
  noun: 'participants',
  fields: [
    'id',
    'name',
    'role',
    'geography',
    'vertical',
    'currency',
    'annualTargetIncentiveMinor',
    'hireDate',
    'terminationDate',
    'attributes',
    'fields',
  ],
  check(c) {
    const id = c.id('id');
    const name = c.text('name');
    const role = c.text('role');
    const geography = c.text('geography');
    const vertical = c.text('vertical');
    const currency = c.currency('currency');
    const annualTargetIncentiveMinor = c.minor('annualTargetIncentiveMinor', {
      required: false,
      nonNegative: true,
    });
    const hireDate = c.day('hireDate');
    const terminationDate = c.endDay('terminationDate', hireDate, 'hireDate');
    const attributes = c.attributes();
    const fields = participantFields(c);
    if (
      id === undefined ||
      name === undefined ||
      role === undefined ||
      geography === undefined ||
      vertical === undefined ||
      currency === undefined ||
      hireDate === undefined ||
      attributes === undefined ||
      fields === undefined ||
      (c.has('annualTargetIncentiveMinor') && annualTargetIncentiveMinor === undefined) ||
      (c.has('terminationDate') && terminationDate === undefined)
    ) {
      return undefined;
    }
    return {
      id,
      name,
      role,
      geography,
      vertical,
      currency,
      annualTargetIncentiveMinor: annualTargetIncentiveMinor ?? null,
      hireDate,
      terminationDate: terminationDate ?? null,
      attributes,
      ...(fields.length > 0 ? { fields } : {}),
    };
  },
  write: (repositories, records) => repositories.participants.upsertMany(records),
};

/**
 * Effective-dated numeric fields: `{ name, value, currency?, from, to? }`. With a currency the
 * value is money in whole minor units (a base salary is annual); without, a plain number. The
 * records of one name must not overlap, so every day has at most one value.
 */
function participantFields(c: RecordChecker): ParticipantField[] | undefined {
  // The records that read well, with their positions: overlaps are reported among them even when
  // another record of the list is wrong, so one answer lists every problem.
  const read: { field: ParticipantField; position: number }[] = [];
  const fields = c.list<ParticipantField>('fields', (f, position) => {
    f.onlyFields(['name', 'value', 'currency', 'from', 'to']);
    let name = f.text('name');
    if (name !== undefined && !FIELD_NAME.test(name)) {
      name = f.fail(
        'name',
        `name "${name}" must be letters, digits and "_" starting with a letter (at most 100), e.g. "baseSalary"`,
      );
    }
    const currency = f.currency('currency', false);
    const value =
      currency !== undefined
        ? f.minor('value')
        : f.number('value', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const from = f.day('from');
    const to = f.endDay('to', from, 'from');
    if (name === undefined || value === undefined || from === undefined) return undefined;
    if ((f.has('currency') && currency === undefined) || (f.has('to') && to === undefined)) return undefined;
    const field = { name, value, currency: currency ?? null, from, to: to ?? null };
    read.push({ field, position });
    return field;
  });
  if (read.length > MAX_FIELDS) {
    return c.fail('fields', `fields has ${read.length} entries; the most is ${MAX_FIELDS}`);
  }
  let ok = fields !== undefined;
  const open = '9999-12-31';
  read.forEach(({ field, position }, i) => {
    const earlier = read
      .slice(0, i)
      .find(
        ({ field: o }) =>
          o.name === field.name && o.from <= (field.to ?? open) && field.from <= (o.to ?? open),
      );
    if (!earlier) return;
    ok = false;
    const o = earlier.field;
    c.fail(
      `fields[${position}].from`,
      `${field.name} from ${field.from} overlaps fields[${earlier.position}] (${o.name} from ${o.from}${o.to ? ` to ${o.to}` : ', open-ended'}); end the earlier record the day before (give it "to") so each day has one value`,
    );
  });
  return ok ? fields : undefined;
}
