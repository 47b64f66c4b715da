export { type PlanLanguageServer, type ServerSettings, startServer } from './server.js';
