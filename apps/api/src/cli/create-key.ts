import { parseArgs } from 'node:util';
import { createApiKey } from '../auth/create-api-key.js';
import { isRole, ROLES } from '../auth/roles.js';
import { readConfig } from '../config.js';
import { openStore } from '../db/connection.js';
import { AppError } from '../errors.js';
import { createRepositories, ensureAllIndexes } from '../repositories/index.js';

const USAGE = `Usage: pnpm --filter @attain/api create-key --role <${ROLES.join('|')}> [--participant <id>] [--name <text>]`;

/** Creates an API key in the configured database and prints its secret, once. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      participant: { type: 'string' },
      name: { type: 'string' },
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
  const config = readConfig();
  const store = await openStore({ dataDir: config.dataDir });
  try {
    await ensureAllIndexes(store.db);
    const { key, secret } = await createApiKey(createRepositories(store.db), {
      name: values.name ?? `${values.role} key`,
      role: values.role,
      participantId: values.participant ?? null,
    });
    console.log(
      `Created ${key.role} key ${key.id} ("${key.name}"${key.participantId ? ` for ${key.participantId}` : ''}).`,
    );
    console.log('Its secret, shown only this once; send it as "Authorization: Bearer <secret>":');
    console.log(secret);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
