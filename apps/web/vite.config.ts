import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `pnpm dev` sends API requests: the API of `pnpm start` unless ATTAIN_API_URL says otherwise. */
const API_URL = process.env.ATTAIN_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The import page parses files with the API's own parser (@attain/api/parse-records), whose
    // csv-parse build for Node reads the global Buffer; its browser build brings its own.
    alias: [{ find: /^csv-parse\/sync$/, replacement: 'csv-parse/browser/esm/sync' }],
  },
  server: {
    port: 5173,
    proxy: { '/graphql': { target: API_URL, changeOrigin: true } },
  },
  build: {
    target: 'es2022',
    // The bench script reads the manifest to find the first page's scripts.
    manifest: true,
    sourcemap: false,
  },
});
