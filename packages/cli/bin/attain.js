#!/usr/bin/env node
// Runs the TypeScript sources through tsx, as the workspace's other commands do.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
