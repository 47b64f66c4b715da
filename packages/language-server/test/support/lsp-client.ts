/**
 * An LSP client for the tests: JSON-RPC over a real pipe to the server, either in this process
 * (two streams) or as the `attain-language-server --stdio` process an editor would start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { type ServerSettings, startServer } from '../../src/server.js';

export interface TestClient {
  connection: MessageConnection;
  /** Sends didOpen with version 1. */
  open(uri: string, text: string): void;
  /** Sends didChange with whole-text or ranged changes. */
  change(uri: string, version: number, changes: ({ text: string } | { range: Range; text: string })[]): void;
  /** The next diagnostics published for `uri` at `version` or later. */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  /** Every diagnostics notification received so far. */
  published: PublishDiagnosticsParams[];
  close(): Promise<void>;
}

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

function clientOver(connection: MessageConnection, close: () => Promise<void>): TestClient {
  const published: PublishDiagnosticsParams[] = [];
  const waiting: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const w of [...waiting]) {
      if (w.uri === params.uri && (params.version ?? 0) >= w.version) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  connection.listen();
  return {
    connection,
    published,
    open(uri, text) {
      void connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'attain-plan', version: 1, text },
      });
    },
    change(uri, version, contentChanges) {
      void connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges,
      });
    },
    diagnostics(uri, version) {
      const already = published.find((p) => p.uri === uri && (p.version ?? 0) >= version);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.push({ uri, version, resolve }));
    },
    close,
  };
}

/** Initialises the server with `settings` and says it is initialised. */
async function initialise(client: TestClient, settings: ServerSettings): Promise<unknown> {
  const result = await client.connection.sendRequest('initialize', {
    processId: null,
    rootUri: null,
    capabilities: {},
    initializationOptions: settings,
  });
  await client.connection.sendNotification('initialized', {});
  return result;
}

/** The server in this process, behind a real JSON-RPC pipe. */
export async function startInProcess(
  settings: ServerSettings = {},
): Promise<TestClient & { capabilities: unknown }> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(
    new StreamMessageReader(toServer),
    new StreamMessageWriter(toClient),
  );
  const server = startServer(serverConnection);
  const connection = createMessageConnection(
    new StreamMessageReader(toClient),
    new StreamMessageWriter(toServer),
  );
  const client = clientOver(connection, async () => {
    server.dispose();
    connection.dispose();
    serverConnection.dispose();
  });
  const result = (await initialise(client, settings)) as { capabilities: unknown };
  return { ...client, capabilities: result.capabilities };
}

const bin = fileURLToPath(new URL('../../bin/attain-language-server.js', import.meta.url));

/** `attain-language-server --stdio` as a child process; close() asks it to shut down and exit. */
export async function startProcess(
  settings: ServerSettings = {},
): Promise<TestClient & { exited: Promise<number | null> }> {
  const child: ChildProcess = spawn(process.execPath, [bin, '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const client = clientOver(connection, async () => {
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await exited;
    connection.dispose();
  });
  await initialise(client, settings);
  return { ...client, exited };
}
