import type { Participant } from '../repositories/participants.js';
import type { Importer } from './importer.js';

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
    if (
      id === undefined ||
      name === undefined ||
      role === undefined ||
      geography === undefined ||
      vertical === undefined ||
      currency === undefined ||
      hireDate === undefined ||
      attributes === undefined ||
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
    };
  },
  async checkReferences() {},
  write: (repositories, records) => repositories.participants.upsertMany(records),
};
