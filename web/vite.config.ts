import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The browser only ever talks to this origin: /graphql (HTTP and WebSocket) and
// /export (a bulk replay's results as a file) are forwarded to the gateway, so
// the page needs no CORS and no gateway URL.
const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
const port = Number(process.env.WEB_PORT ?? 5173);

const proxy = { '/graphql': { target: gatewayUrl, ws: true }, '/export': { target: gatewayUrl } };

export default defineConfig({
  plugins: [react()],
  // The browser tests give each dev server a cache of its own (see e2e/src/support/dev-server.ts).
  ...(process.env.VITE_CACHE_DIR ? { cacheDir: process.env.VITE_CACHE_DIR } : {}),
  // Every page's dependencies found at start, not when a lazy page is first opened: a
  // dependency found late makes the dev server re-optimise and reload the open page.
  optimizeDeps: { entries: ['index.html', 'src/**/*.tsx', '!src/**/__tests__/**'] },
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
});
