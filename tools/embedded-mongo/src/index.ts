import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
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

const toolDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binaryPath = join(toolDir, 'bin', 'embedded-mongo');
const goSources = ['main.go', 'go.mod', 'go.sum'].map((file) => join(toolDir, file));
const execFileAsync = promisify(execFile);

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
  try {
    await execFileAsync('go', ['build', '-o', binaryPath, '.'], {
      cwd: toolDir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new DatabaseUnavailableError(
      `Building the embedded database (tools/embedded-mongo) failed:\n${stderr.trim()}`,
    );
  }
  return binaryPath;
}

function isStale(): boolean {
  let built: number;
  try {
    built = statSync(binaryPath).mtimeMs;
  } catch {
    return true;
  }
  return goSources.some((source) => statSync(source).mtimeMs > built);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // The child also exits when its stdin closes, which covers a parent killed by SIGKILL.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGTERM');
  });
}

async function launch(options: StartDatabaseOptions, dbName: string): Promise<Database> {
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
  };

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  try {
    const uri = await withTimeout(readReadyLine(child), timeoutMs, () => stderr);
    await waitForPing(uri, timeoutMs);
    return { uri, dbName, embedded: true, stop, pid: child.pid };
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
