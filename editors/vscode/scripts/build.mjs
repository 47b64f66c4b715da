// Bundles the extension and the language server (with @attain/rules) into dist/, one file each,
// so the .vsix needs no node_modules.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.cjs',
  external: ['vscode'],
});
await build({
  ...common,
  entryPoints: ['../../packages/language-server/src/main.ts'],
  outfile: 'dist/server.cjs',
});
