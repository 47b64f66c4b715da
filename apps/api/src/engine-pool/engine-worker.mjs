// The engine worker's entry, in JavaScript: Node 20 loads a worker's first module before any
// loader given in execArgv applies, so this one registers tsx and then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./engine-worker.ts');

export default worker.default;
