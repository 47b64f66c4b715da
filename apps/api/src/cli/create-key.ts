import { parseArgs } from 'node:util';
import { createApiKey, requireOwner } from '../auth/create-api-key.js';
import { isRole, ROLES } from '../auth/roles.js';
import { withStore } from './with-store.js';

const USAGE = `Usage: pnpm --filter @attain/api create-key --role <${ROLES.join('|')}> [--participant <id>] [--name <text>] [--owner <who holds it, required for admin and analyst keys>]`;

/** Creates an API key in the configured database and prints its secret, once. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      participant: { type: 'string' },
      name: { type: 'string' },
      owner: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!isRole(values.role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}.\n${USAGE}`);
    return 2;
  }
  const role = values.role;
  try {
    requireOwner(role, values.owner, '--owner');
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  return withStore(async (repositories, store) => {
    const { key, secret } = await createApiKey(repositories, {
      name: values.name ?? `${role} key`,
      role,
      participantId: values.participant ?? null,
      owner: values.owner ?? null,
    });
    console.log(
      `Created ${key.role} key ${key.id} ("${key.name}"${key.participantId ? ` for ${key.participantId}` : ''}${key.owner ? `, held by ${key.owner}` : ''}) in ${store.description}.`,
    );
    console.log('It works with an API that uses this database; another database answers it with 401.');
    console.log('Its secret, shown only this once; send it as "Authorization: Bearer <secret>":');
    console.log(secret);
    return 0;
  });
}

process.exitCode = await main();
