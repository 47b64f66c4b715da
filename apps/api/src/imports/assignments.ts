import type { Assignment } from '../repositories/assignments.js';
import type { Importer } from './importer.js';

/** Effective-dated plan assignments with an optional target-incentive override. */
export const assignmentImporter: Importer<Assignment> = {
  noun: 'assignments',
  fields: ['id', 'participantId', 'planId', 'from', 'to', 'annualTargetIncentiveMinor'],
  check(c) {
    const id = c.id('id');
    const participantId = c.id('participantId');
    const planId = c.id('planId');
    c.refersTo('participantId', participantId, 'participant');
    c.refersTo('planId', planId, 'plan');
    const from = c.day('from');
    const to = c.endDay('to', from, 'from');
    const annualTargetIncentiveMinor = c.minor('annualTargetIncentiveMinor', {
      required: false,
      nonNegative: true,
    });
    if (
      id === undefined ||
      participantId === undefined ||
      planId === undefined ||
      from === undefined ||
      (c.has('to') && to === undefined) ||
      (c.has('annualTargetIncentiveMinor') && annualTargetIncentiveMinor === undefined)
    ) {
      return undefined;
    }
    return {
      id,
      participantId,
      planId,
      from,
      to: to ?? null,
      annualTargetIncentiveMinor: annualTargetIncentiveMinor ?? null,
    };
  },
  write: (repositories, records) => repositories.assignments.upsertMany(records),
};
