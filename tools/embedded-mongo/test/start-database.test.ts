import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, DatabaseInUseError, lockPath, startDatabase } from '../src/index.js';

describe('startDatabase', () => {
  let dataDir: string;
  let db: Database;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'attain-embedded-'));
    db = await startDatabase({ dataDir, env: {} });
  });

  afterAll(async () => {
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the embedded engine on a loopback port that answers ping', async () => {
    expect(db.embedded).toBe(true);
    expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const client = await MongoClient.connect(db.uri);
    try {
      const reply = await client.db('admin').command({ ping: 1 });
      expect(reply.ok).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('keeps the data in the given directory across a restart', async () => {
    const client = await MongoClient.connect(db.uri);
    await client
      .db(db.dbName)
      .collection('kept')
      .insertOne({ _id: 'a' as never, n: 1 });
    await client.close();
    await db.stop();

    db = await startDatabase({ dataDir, env: {} });
    const again = await MongoClient.connect(db.uri);
    try {
      expect(await again.db(db.dbName).collection('kept').findOne({})).toEqual({ _id: 'a', n: 1 });
    } finally {
      await again.close();
    }
  });

  it('looks documents up by _id through the _id index, not by scanning the collection', async () => {
    const client = await MongoClient.connect(db.uri);
    try {
      const database = client.db(db.dbName);
      await database.collection('looked_up').insertMany([{ _id: 'a' as never }, { _id: 'b' as never }]);
      // FerretDB answers explain with SQLite's own query plan.
      const explained = await database.command({
        explain: { find: 'looked_up', filter: { _id: 'b' } },
      });
      const plan = JSON.stringify(explained.queryPlanner);
      expect(plan).toMatch(/SEARCH .* USING INDEX/);
      expect(plan).not.toMatch(/detail=SCAN/);
    } finally {
      await client.close();
    }
  });

  it('stops the engine so its port no longer accepts connections', async () => {
    const other = await startDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'attain-stop-')), env: {} });
    await other.stop();
    const client = new MongoClient(other.uri, { serverSelectionTimeoutMS: 500 });
    await expect(client.db('admin').command({ ping: 1 })).rejects.toThrow();
    await client.close();
  });

  it('uses MONGODB_URI instead of starting an engine when it is set', async () => {
    const external = await startDatabase({
      dataDir,
      env: { MONGODB_URI: 'mongodb://db.example:27017/', MONGODB_DB: 'payroll' },
    });
    expect(external).toMatchObject({
      uri: 'mongodb://db.example:27017/',
      dbName: 'payroll',
      embedded: false,
    });
  });

  it('refuses a second engine on the same files while the first runs, naming its process and address', async () => {
    const second = startDatabase({ dataDir, env: {} });
    await expect(second).rejects.toBeInstanceOf(DatabaseInUseError);
    await expect(second).rejects.toThrow(
      `The embedded database in ${dataDir} is in use by process ${process.pid} (since `,
    );
    await expect(second).rejects.toThrow(`serving it at ${db.uri}`);
  });

  it('takes over a lock left by a process that died, and removes its own when stopped', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'attain-embedded-'));
    // A process that has exited: its pid names nobody now.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    writeFileSync(
      lockPath(otherDir),
      JSON.stringify({ pid: deadPid, enginePid: null, uri: null, startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const other = await startDatabase({ dataDir: otherDir, env: {} });
    try {
      expect(JSON.parse(readFileSync(lockPath(otherDir), 'utf8'))).toMatchObject({
        pid: process.pid,
        uri: other.uri,
      });
    } finally {
      await other.stop();
    }
    expect(() => readFileSync(lockPath(otherDir))).toThrow(/ENOENT/);
    rmSync(otherDir, { recursive: true, force: true });
  });
});
