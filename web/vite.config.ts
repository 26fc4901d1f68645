// Vite build of the Parloir web app: Preact through esbuild's automatic JSX runtime (no plugin
// needed), hashed files under dist/assets/ (served immutable by `parloir serve`).
import { defineConfig } from 'vite';

declare const process: { env: Record<string, string | undefined> };
const target = process.env.PARLOIR_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2020',
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` proxies the API to a local `parloir serve` (make run: 127.0.0.1:8080).
    proxy: {
      '/api': { target: target, ws: true },
      '/oauth': target,
      '/system': target,
      '/.well-known': target,
    },
  },
});
