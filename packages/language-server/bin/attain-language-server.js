#!/usr/bin/env node
// Runs the TypeScript sources through tsx, as the workspace's other commands do; the VS Code
// extension bundles the server into one JavaScript file instead (editors/vscode).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
