import { type CommandStartedEvent, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createApiKey } from '../src/auth/create-api-key.js';
import { createRepositories, ensureAllIndexes } from '../src/repositories/index.js';
import { useTestDatabase } from './support/database.js';

const PAGE = `query ($first: Int!) {
  participants(first: $first) { edges { node { name memberships { teamName role } } } }
  teams(first: $first) { edges { node { name accounts { name team { name } } } } }
}`;

describe('round trips for a page of participants with their teams', () => {
  const store = useTestDatabase();
  let monitored: MongoClient;
  const commands: CommandStartedEvent[] = [];

  beforeAll(async () => {
    // A second client on the same database whose every command is recorded.
    monitored = await MongoClient.connect(inject('mongoUri'), { monitorCommands: true });
    monitored.on('commandStarted', (event) => commands.push(event));
    const db = monitored.db(store.db.databaseName);
    await ensureAllIndexes(db);
    const repositories = createRepositories(db);
    // 30 participants in 5 teams of 6, each team with 2 accounts.
    await repositories.participants.upsertMany(
      Array.from({ length: 30 }, (_, i) => ({
        id: `p-${String(i).padStart(2, '0')}`,
        name: `Person ${i}`,
        role: 'kam',
        geography: 'EMEA',
        vertical: 'retail',
        currency: 'EUR',
        annualTargetIncentiveMinor: null,
        hireDate: '2024-01-01',
        terminationDate: null,
        attributes: {},
      })),
    );
    await repositories.teams.upsertMany(
      Array.from({ length: 5 }, (_, t) => ({
        id: `t-${t}`,
        name: `Team ${t}`,
        members: Array.from({ length: 6 }, (_, m) => ({
          participantId: `p-${String(t * 6 + m).padStart(2, '0')}`,
          teamId: `t-${t}`,
          role: m === 0 ? 'lead' : 'member',
          from: '2024-01-01',
          to: null,
        })),
      })),
    );
    await repositories.accounts.upsertMany(
      Array.from({ length: 10 }, (_, a) => ({
        id: `a-${a}`,
        name: `Account ${a}`,
        teamId: `t-${a % 5}`,
        geography: 'EMEA',
        vertical: 'retail',
        segment: 'enterprise',
        attributes: {},
      })),
    );
  });

  afterAll(async () => {
    await monitored?.close();
  });

  /** The `find` commands sent per collection while running the page query with `first`. */
  async function findsFor(first: number): Promise<Record<string, number>> {
    const db = monitored.db(store.db.databaseName);
    const repositories = createRepositories(db);
    const { secret } = await createApiKey(repositories, { name: 'reader', role: 'analyst' });
    const app = createApp({ db, repositories });
    commands.length = 0;
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: PAGE, variables: { first } }),
    });
    const body = (await response.json()) as { errors?: unknown };
    expect(body.errors).toBeUndefined();
    const finds: Record<string, number> = {};
    for (const event of commands.filter((command) => command.commandName === 'find')) {
      const collection = String(event.command.find);
      finds[collection] = (finds[collection] ?? 0) + 1;
    }
    return finds;
  }

  it('reads each collection once per page, whatever the page size', async () => {
    // participants: the page; teams: the page, then the memberships of all 30 participants in one
    // query, then the teams of all 10 accounts in one query; accounts: all teams' accounts at once.
    const expected = { api_keys: 1, participants: 1, teams: 3, accounts: 1 };
    expect(await findsFor(30)).toEqual(expected);
    expect(await findsFor(3)).toEqual(expected);
  });
});
