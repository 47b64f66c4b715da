import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';

/** A MongoDB-compatible database the process can connect to. */
export interface Database {
  /** Connection string for the official driver. */
  uri: string;
  /** Database name to use inside that server. */
  dbName: string;
  /** True when we started FerretDB ourselves; false when MONGODB_URI pointed elsewhere. */
  embedded: boolean;
  /** Stops the embedded server (no-op for an external MONGODB_URI). */
  stop(): Promise<void>;
  /** Process id of the embedded engine (tests freeze it with SIGSTOP); absent for MONGODB_URI. */
  pid?: number;
  /** The directory of the embedded engine's files; absent for MONGODB_URI. */
  dataDir?: string;
}

export interface StartDatabaseOptions {
  /** Directory for the SQLite files of the embedded engine. */
  dataDir: string;
  /** Database name; defaults to MONGODB_DB or "attain". */
  dbName?: string;
  /** Environment to read MONGODB_URI from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the embedded engine to answer `ping`. */
  readyTimeoutMs?: number;
  /** FerretDB log level (debug, info, warn, error). */
  logLevel?: string;
  /**
   * Loopback port to listen on; 0 (the default) picks a free one. Restarting on the port of a
   * stopped engine lets connected drivers reconnect by themselves (outage tests).
   */
  port?: number;
}

/** Raised when no database can be provided; its message says what to install or set. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** What `<dataDir>/embedded-mongo.lock` records about the process serving those files. */
export interface DatabaseLock {
  /** The process that started the engine (an API, a CLI, a test run). */
  pid: number;
  /** The engine's own process; null until it has started. */
  enginePid: number | null;
  /** Where the engine listens; null until it has started. */
  uri: string | null;
  startedAt: string;
}

/**
 * Raised when another live process serves the embedded database in the same directory: two
 * engines on one set of SQLite files would each cache and write them as if alone.
 */
export class DatabaseInUseError extends DatabaseUnavailableError {
  override name = 'DatabaseInUseError';
  constructor(
    readonly dataDir: string,
    readonly lock: DatabaseLock,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${lock.pid} (since ${lock.startedAt}${lock.uri ? `, serving it at ${lock.uri}` : ''}), so a second engine was not started on the same files.${
        lock.uri
          ? ` To use that database, run the command again with MONGODB_URI=${lock.uri} (the API's start-up banner prints the whole command),`
          : ' Wait for it to finish starting and run the command again,'
      } or stop process ${lock.pid} first.`,
    );
  }
}

/** The lock file of an embedded data directory. */
export function lockPath(dataDir: string): string {
  return join(dataDir, 'embedded-mongo.lock');
}

/** The lock of `dataDir` when a live process holds it; null when none does (or it was left by a dead one). */
export function readLiveLock(dataDir: string): DatabaseLock | null {
  let lock: DatabaseLock;
  try {
    lock = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as DatabaseLock;
  } catch {
    return null;
  }
  return isAlive(lock.pid) || (lock.enginePid !== null && isAlive(lock.enginePid)) ? lock : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of `dataDir` for this process, or throws DatabaseInUseError naming its holder.
 * The file is created exclusively, so of two processes starting at once only one gets it; a lock
 * left by a process that died is taken over.
 */
function takeLock(dataDir: string): DatabaseLock {
  const lock: DatabaseLock = {
    pid: process.pid,
    enginePid: null,
    uri: null,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt += 1) {
    try {
      writeFileSync(lockPath(dataDir), JSON.stringify(lock), { flag: 'wx' });
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = readLiveLock(dataDir);
      if (holder) throw new DatabaseInUseError(dataDir, holder);
      rmSync(lockPath(dataDir), { force: true });
    }
  }
}

/** Removes the lock of `dataDir` if this process holds it. */
function releaseLock(dataDir: string): void {
  try {
    const lock = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as DatabaseLock;
    if (lock.pid === process.pid) rmSync(lockPath(dataDir), { force: true });
  } catch {
    // No lock, or not ours to remove.
  }
}

const toolDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binaryPath = join(toolDir, 'bin', 'embedded-mongo');
const goSources = ['main.go', 'go.mod', 'go.sum'].map((file) => join(toolDir, file));
const execFileAsync = promisify(execFile);

/**
 * FerretDB 1.24.2's SQLite backend looks documents up by `_id` (find, update, delete) with the
 * expression `_ferretdb_sjson->'$._id'`, but indexes `_id` as `_ferretdb_sjson->"_id"`. SQLite uses
 * an index only for the very expression it was built on, so every lookup by `_id` scanned the
 * whole table: a findOne in a collection of 1,000 blocks of 100 KB took 150 ms instead of a few.
 * The build copies the FerretDB module beside the binary, replaces that one line in the copy, and
 * builds against the copy through an alternate go.mod (`-modfile`), so the module cache and the
 * checked-in go.mod stay as they are. Both expressions select the same value, so stored data and
 * query results do not change.
 */
const ID_LOOKUP_PATCH = {
  module: 'github.com/FerretDB/FerretDB',
  file: 'internal/backends/sqlite/metadata/metadata.go',
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + "->'_id'"`,
};

/** Written beside the binary: a binary built by another recipe (an older checkout) is rebuilt. */
const BUILD_RECIPE = `patched ${ID_LOOKUP_PATCH.file}: ${ID_LOOKUP_PATCH.to}`;
const recipePath = `${binaryPath}.recipe`;

/**
 * Returns the database to use: MONGODB_URI when set, otherwise the embedded FerretDB engine,
 * built from source when its binary is missing or older than the Go sources.
 */
export async function startDatabase(options: StartDatabaseOptions): Promise<Database> {
  const env = options.env ?? process.env;
  const dbName = options.dbName ?? env.MONGODB_DB ?? 'attain';
  const externalUri = env.MONGODB_URI?.trim();
  if (externalUri) {
    return { uri: externalUri, dbName, embedded: false, stop: async () => {} };
  }
  await ensureBinary();
  mkdirSync(options.dataDir, { recursive: true });
  return launch(options, dbName);
}

/** Builds the Go launcher when the binary is missing or stale. */
export async function ensureBinary(): Promise<string> {
  if (!isStale()) return binaryPath;
  try {
    await execFileAsync('go', ['version']);
  } catch {
    throw new DatabaseUnavailableError(
      'No database available: MONGODB_URI is not set and Go is not installed to build the embedded database. ' +
        'Install Go >= 1.24 (https://go.dev/doc/install) or set MONGODB_URI to a MongoDB server.',
    );
  }
  // Each build works in a directory of its own and renames its binary into place, so test
  // processes that start at the same time on a fresh checkout cannot break each other's build.
  mkdirSync(dirname(binaryPath), { recursive: true });
  const workDir = mkdtempSync(join(dirname(binaryPath), '.build-'));
  try {
    const modfile = await writePatchedModule(workDir);
    const built = join(workDir, 'embedded-mongo');
    // -trimpath: the copy's directory differs per build; without it no compiled package is reused.
    await execFileAsync('go', ['build', '-trimpath', `-modfile=${modfile}`, '-o', built, '.'], {
      cwd: toolDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    renameSync(built, binaryPath);
    writeFileSync(recipePath, BUILD_RECIPE);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw error;
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new DatabaseUnavailableError(
      `Building the embedded database (tools/embedded-mongo) failed:\n${stderr.trim()}`,
    );
  } finally {
    makeWritable(workDir);
    rmSync(workDir, { recursive: true, force: true });
  }
  return binaryPath;
}

function isStale(): boolean {
  let built: number;
  try {
    built = statSync(binaryPath).mtimeMs;
    if (readFileSync(recipePath, 'utf8') !== BUILD_RECIPE) return true;
  } catch {
    return true;
  }
  return goSources.some((source) => statSync(source).mtimeMs > built);
}

/**
 * Copies the FerretDB module into `workDir`, patches the copy, and writes a go.mod there that
 * builds against it; returns that go.mod's path.
 */
async function writePatchedModule(workDir: string): Promise<string> {
  const { stdout } = await execFileAsync('go', ['mod', 'download', '-json', ID_LOOKUP_PATCH.module], {
    cwd: toolDir,
  });
  const source = (JSON.parse(stdout) as { Dir: string }).Dir;
  const text = readFileSync(join(source, ID_LOOKUP_PATCH.file), 'utf8');
  if (!text.includes(ID_LOOKUP_PATCH.from)) {
    throw new DatabaseUnavailableError(
      `Building the embedded database (tools/embedded-mongo) failed: ${ID_LOOKUP_PATCH.file} of ` +
        `${ID_LOOKUP_PATCH.module} no longer contains ${ID_LOOKUP_PATCH.from}. The FerretDB version in ` +
        'go.mod changed: check whether its _id lookups use the _id index now, and update or drop ' +
        'ID_LOOKUP_PATCH in tools/embedded-mongo/src/index.ts.',
    );
  }
  const copy = join(workDir, 'ferretdb');
  cpSync(source, copy, { recursive: true });
  // The module cache is read-only; the copy must be writable to patch it and to remove it later.
  makeWritable(copy);
  writeFileSync(join(copy, ID_LOOKUP_PATCH.file), text.replace(ID_LOOKUP_PATCH.from, ID_LOOKUP_PATCH.to));
  const modfile = join(workDir, 'build.mod');
  const goMod = readFileSync(join(toolDir, 'go.mod'), 'utf8');
  writeFileSync(modfile, `${goMod}\nreplace ${ID_LOOKUP_PATCH.module} => ${copy}\n`);
  copyFileSync(join(toolDir, 'go.sum'), join(workDir, 'build.sum'));
  return modfile;
}

function makeWritable(path: string): void {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return;
  }
  chmodSync(path, stats.mode | 0o200);
  if (stats.isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

const running = new Set<ChildProcess>();
/** Data directories whose lock this process holds, released at exit. */
const heldLocks = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // The child also exits when its stdin closes, which covers a parent killed by SIGKILL (whose
  // lock then names a dead process and is taken over by the next start).
  process.once('exit', () => {
    for (const child of running) child.kill('SIGTERM');
    for (const dataDir of heldLocks) releaseLock(dataDir);
  });
}

async function launch(options: StartDatabaseOptions, dbName: string): Promise<Database> {
  const lock = takeLock(options.dataDir);
  heldLocks.add(options.dataDir);
  const child = spawn(
    binaryPath,
    [
      '-data',
      options.dataDir,
      '-listen',
      `127.0.0.1:${options.port ?? 0}`,
      '-log-level',
      options.logLevel ?? 'error',
      '-exit-with-stdin',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  running.add(child);
  installExitHook();
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.once('exit', () => running.delete(child));

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    heldLocks.delete(options.dataDir);
    releaseLock(options.dataDir);
  };

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  try {
    const uri = await withTimeout(readReadyLine(child), timeoutMs, () => stderr);
    await waitForPing(uri, timeoutMs);
    // Now that it answers, the lock says where, so a refused second start can point at it.
    writeFileSync(lockPath(options.dataDir), JSON.stringify({ ...lock, enginePid: child.pid ?? null, uri }));
    return { uri, dbName, embedded: true, stop, pid: child.pid, dataDir: options.dataDir };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readReadyLine(child: ChildProcess): Promise<string> {
  return new Promise((resolveUri, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) {
        lines.close();
        resolveUri(line.slice('READY '.length).trim());
      }
    });
    child.once('exit', (code, signal) =>
      reject(
        new DatabaseUnavailableError(
          `The embedded database exited at start-up (${signal ?? `code ${code}`}).`,
        ),
      ),
    );
  });
}

async function waitForPing(uri: string, timeoutMs: number): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs });
  try {
    await client.db('admin').command({ ping: 1 });
  } catch (error) {
    throw new DatabaseUnavailableError(
      `The embedded database at ${uri} did not answer ping within ${timeoutMs} ms: ${(error as Error).message}`,
    );
  } finally {
    await client.close();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, details: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DatabaseUnavailableError(
            `The embedded database did not start within ${ms} ms.${details() ? `\nIts log:\n${details()}` : ''}`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
