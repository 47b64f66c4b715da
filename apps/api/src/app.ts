import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Db } from 'mongodb';
import { BacktestJobs } from './backtests/backtest-jobs.js';
import type { Context } from './context.js';
import { corsFor } from './plugins/cors.js';
import { useArmor } from './plugins/use-armor.js';
import { useAudit } from './plugins/use-audit.js';
import { useAuth } from './plugins/use-auth.js';
import { useConsole } from './plugins/use-console.js';
import { useCostLimit } from './plugins/use-cost-limit.js';
import { useCsrf } from './plugins/use-csrf.js';
import { useEnginePool } from './plugins/use-engine-pool.js';
import { useErrorCodes } from './plugins/use-error-codes.js';
import { graphiql, renderOfflineGraphiQL, useGraphiQLAssets } from './plugins/use-graphiql.js';
import { maskedErrors } from './plugins/use-masked-errors.js';
import { useNoIntrospection } from './plugins/use-no-introspection.js';
import { useQueryLimits } from './plugins/use-query-limits.js';
import { type TrustedDocuments, useTrustedDocuments } from './plugins/use-trusted-documents.js';
import { useVariableChecks } from './plugins/use-variable-checks.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { schema } from './schema/index.js';

/** The largest request body accepted: room for a full 100,000-fact import. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024 * 1024;

export interface AppOptions {
  db: Db;
  /** Defaults to repositories over `db`. */
  repositories?: Repositories;
  production?: boolean;
  /** Origins allowed to call from a browser (ATTAIN_CORS_ORIGINS); none: same origin only. */
  corsOrigins?: readonly string[];
  /** How long refusals without a key are counted into one audit entry; tests shorten it. */
  anonymousAuditWindowMs?: number;
  /** The built console (apps/web/dist) to serve at `/`; omitted: no console. */
  consoleDir?: string;
  /** Registered operations (ATTAIN_TRUSTED_DOCUMENTS); omitted: every operation is sent as text. */
  trustedDocuments?: TrustedDocuments;
}

/**
 * Builds the GraphQL server from its dependencies; main.ts only reads the environment and listens.
 * The app carries its own backtest jobs (queue, events, lease reaper): nothing is shared with
 * another app in the same process.
 */
export function createApp({
  db,
  repositories = createRepositories(db),
  production = false,
  corsOrigins = [],
  anonymousAuditWindowMs,
  consoleDir,
  trustedDocuments,
}: AppOptions): App {
  const backtestJobs = new BacktestJobs(repositories);
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphiql: graphiql(production),
    renderGraphiQL: renderOfflineGraphiQL,
    landingPage: false,
    cors: corsFor(corsOrigins),
    maskedErrors: maskedErrors(),
    plugins: [
      ...(production ? [] : [useGraphiQLAssets()]),
      ...(consoleDir ? [useConsole(consoleDir)] : []),
      useCsrf(),
      // Before the limits: a registered operation sent by hash is checked like any other.
      ...(trustedDocuments ? [useTrustedDocuments(trustedDocuments)] : []),
      useArmor(),
      useCostLimit(),
      useQueryLimits(),
      useVariableChecks(),
      ...(production ? [useNoIntrospection()] : []),
      useAuth(repositories.apiKeys),
      useAudit(repositories.auditLog, anonymousAuditWindowMs),
      useEnginePool(),
      // Last, so it sees every result, whichever plugin produced it.
      useErrorCodes(),
    ],
    // apiKey is set by useAuth, which runs after this factory.
    context: (): Context => ({ db, repositories, backtestJobs, apiKey: null, audit: [] }),
    // 100,000 facts as JSON run to about 30 MB (docs/api.md, "Limits").
    maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
  });
  return Object.assign(yoga, { backtestJobs });
}

/** The GraphQL server, and the services it owns that main.ts and tests reach. */
export type App = YogaServerInstance<Record<string, unknown>, Context> & { backtestJobs: BacktestJobs };
