import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `pnpm dev` sends API requests: the API of `pnpm start` unless ATTAIN_API_URL says otherwise. */
const API_URL = process.env.ATTAIN_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
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
