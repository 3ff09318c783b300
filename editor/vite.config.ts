// The web console: a Vite + React app built into editor/dist, which Parley serves at `/`
// (engine/api/routes/console.ts). The shared rule model (model/rules, no Node imports) is
// imported through editor/src/model.ts, the one place the console reaches outside editor/.
// `npm run dev` serves it with hot reload and proxies the API and webhooks to a Parley running
// on :8080 (PARLEY_URL overrides).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const editorRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const parley = process.env.PARLEY_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: editorRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: 5173,
    // The rule model lives outside editor/: let the dev server read it.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: parley, changeOrigin: true },
      '/webhooks': { target: parley, changeOrigin: true },
      '/healthz': { target: parley, changeOrigin: true },
    },
  },
});
