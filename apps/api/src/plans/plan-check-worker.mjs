// The worker's entry, in JavaScript: Node 20 loads a worker's first module before any loader
// given in execArgv applies, so this one registers tsx and then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./plan-check-worker.ts');
