import type { Account } from '../repositories/accounts.js';
import type { Importer } from './importer.js';

/** Customer accounts, each owned by an existing team. */
export const accountImporter: Importer<Account> = {
  noun: 'accounts',
  fields: ['id', 'name', 'teamId', 'geography', 'vertical', 'segment', 'attributes'],
  check(c) {
    const id = c.id('id');
    const name = c.text('name');
    const teamId = c.id('teamId');
    c.refersTo('teamId', teamId, 'team');
    const geography = c.text('geography');
    const vertical = c.text('vertical');
    const segment = c.text('segment');
    const attributes = c.attributes();
    if (
      id === undefined ||
      name === undefined ||
      teamId === undefined ||
      geography === undefined ||
      vertical === undefined ||
      segment === undefined ||
      attributes === undefined
    ) {
      return undefined;
    }
    return { id, name, teamId, geography, vertical, segment, attributes };
  },
  write: (repositories, records) => repositories.accounts.upsertMany(records),
};
