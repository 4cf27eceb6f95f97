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
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
});
