import { join, resolve } from 'node:path';
import { enginePoolSize } from './engine-pool/engine-pool.js';

/** Everything the API reads from the environment, in one place (the README lists each). */
export interface Config {
  port: number;
  host: string;
  /** Where the embedded database keeps its files when MONGODB_URI is not set. */
  dataDir: string;
  production: boolean;
  /**
   * Load the demo organisation into an empty database at start-up: on by default for the
   * embedded database, off for MONGODB_URI (never fill a real database by accident).
   */
  demo: 'auto' | 'on' | 'off';
  /** Origins (scheme://host[:port]) whose pages may call the API from a browser; empty: same origin only. */
  corsOrigins: string[];
  /** The built console that `/` serves (apps/web/dist). */
  consoleDir: string;
  /** Threads of the engine pool (ATTAIN_WORKERS; default 1 = none, see enginePoolSize). */
  workers: number;
  /** The registered operations' manifest (ATTAIN_TRUSTED_DOCUMENTS); null: none. */
  trustedDocumentsPath: string | null;
  /** Run only registered operations (ATTAIN_TRUSTED_DOCUMENTS_ONLY=1). */
  trustedDocumentsOnly: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const corsOrigins = (env.ATTAIN_CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of corsOrigins) {
    if (!isOrigin(origin)) {
      throw new Error(
        `ATTAIN_CORS_ORIGINS holds "${origin}", which is not an origin: write scheme://host[:port] with no path, e.g. https://portal.example.com`,
      );
    }
  }
  const trustedDocumentsOnly = env.ATTAIN_TRUSTED_DOCUMENTS_ONLY === '1';
  if (trustedDocumentsOnly && !env.ATTAIN_TRUSTED_DOCUMENTS) {
    throw new Error(
      'ATTAIN_TRUSTED_DOCUMENTS_ONLY=1 needs ATTAIN_TRUSTED_DOCUMENTS, the manifest of the operations to run.',
    );
  }
  return {
    trustedDocumentsPath: env.ATTAIN_TRUSTED_DOCUMENTS ? resolve(env.ATTAIN_TRUSTED_DOCUMENTS) : null,
    trustedDocumentsOnly,
    corsOrigins,
    workers: enginePoolSize(env),
    port,
    host: env.HOST ?? '127.0.0.1',
    consoleDir: join(repoRoot(), 'apps', 'web', 'dist'),
    dataDir: resolve(env.ATTAIN_DATA_DIR ?? join(repoRoot(), '.data', 'db')),
    production: env.NODE_ENV === 'production',
    demo: env.ATTAIN_DEMO === '1' ? 'on' : env.ATTAIN_DEMO === '0' ? 'off' : 'auto',
  };
}

/** True for "https://host" or "http://host:port": what a browser sends as Origin. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

function repoRoot(): string {
  return resolve(import.meta.dirname, '..', '..', '..');
}
