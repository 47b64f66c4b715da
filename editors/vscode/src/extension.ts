/**
 * The VS Code extension: a language client for the Attain language server, which the build
 * bundles beside it (dist/server.cjs). Highlighting comes from the TextMate grammar; everything
 * else (diagnostics, completion, hover, rename, formatting, quick fixes) from the server.
 */
import { type ExtensionContext, workspace } from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts the language server for .plan files. */
export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const settings = workspace.getConfiguration('attain');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'attain-plan' },
      { scheme: 'untitled', language: 'attain-plan' },
    ],
    initializationOptions: {
      examples: settings.get<boolean>('examples', true),
      debounceMs: settings.get<number>('debounceMs', 200),
    },
  };
  client = new LanguageClient('attain', 'Attain plans', serverOptions, clientOptions);
  await client.start();
}

/** Stops the server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
