/** `attain-language-server --stdio`: the server over standard input and output. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

// createConnection reads the transport from the command line (--stdio, --node-ipc, --socket=N).
const connection = createConnection(ProposedFeatures.all);
const server = startServer(connection);
connection.onShutdown(() => server.dispose());
