import type { Goal } from '../repositories/goals.js';
import type { Importer } from './importer.js';

/** '2025', '2025-H1', '2025-Q3' or '2025-07'. */
export const PERIOD_ID = /^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

/** Goals of a participant or a team for one period; money goals name their currency. */
export const goalImporter: Importer<Goal> = {
  noun: 'goals',
  fields: ['id', 'name', 'ownerId', 'periodId', 'value', 'currency'],
  check(c) {
    const id = c.id('id');
    const name = c.text('name');
    const ownerId = c.id('ownerId');
    c.refersTo('ownerId', ownerId, 'owner');
    let periodId = c.text('periodId');
    if (periodId !== undefined && !PERIOD_ID.test(periodId)) {
      periodId = c.fail(
        'periodId',
        `periodId must be a year "2025", half "2025-H1", quarter "2025-Q3" or month "2025-07", got "${periodId}"`,
      );
    }
    const currency = c.currency('currency', false);
    // A money goal is in minor units, so it must be whole; other goals may be fractions.
    const value =
      currency !== undefined
        ? c.minor('value')
        : c.number('value', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (
      id === undefined ||
      name === undefined ||
      ownerId === undefined ||
      periodId === undefined ||
      value === undefined ||
      (c.has('currency') && currency === undefined)
    ) {
      return undefined;
    }
    // The owner's kind is settled once the owner is known to exist.
    return { id, name, ownerKind: 'participant', ownerId, periodId, value, currency: currency ?? null };
  },
  async settle(records, repositories) {
    if (records.length === 0) return;
    // Every owner exists and is either a participant or a team (checked with the references).
    const teams = await repositories.teams.existingIds([
      ...new Set(records.map(({ value }) => value.ownerId)),
    ]);
    for (const { value } of records) value.ownerKind = teams.has(value.ownerId) ? 'team' : 'participant';
  },
  write: (repositories, records) => repositories.goals.upsertMany(records),
};
