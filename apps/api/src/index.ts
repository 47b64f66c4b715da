export { type App, type AppOptions, createApp, MAX_REQUEST_BODY_BYTES } from './app.js';
export { createApiKey } from './auth/create-api-key.js';
export { type AuthenticatedKey, ROLES, type Role } from './auth/roles.js';
export type { Context } from './context.js';
export { type DemoResult, seedDemo } from './demo/seed-demo.js';
export { AppError, InvalidInputError, NotFoundError } from './errors.js';
export { IMPORT_KINDS, type ImportKind, type ImportOutcome, runImport } from './imports/run-import.js';
export {
  ALL_INDEXES,
  createRepositories,
  ensureAllIndexes,
  type Repositories,
} from './repositories/index.js';
