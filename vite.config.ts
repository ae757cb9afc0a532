import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precacheManifest, SERVICE_WORKER_ENTRY, SERVICE_WORKER_FILE } from './client/pwa/precacheManifest.ts';

const root = path.dirname(fileURLToPath(import.meta.url));
const apiPort = process.env.PORT ?? '3000';

/** Heavy libraries get chunks of their own, shared by the pages that use them and cached apart. */
const VENDOR_CHUNKS: [name: string, test: RegExp][] = [
  // Vite's helper for lazy imports, on its own: otherwise it rides in a vendor chunk (deck.gl's)
  // and a page that only lazy-loads (the worker's pin map) would load all of that chunk at once.
  ['preload', /vite\/preload-helper/],
  ['maplibre', /node_modules[\\/]maplibre-gl[\\/]/],
  ['deckgl', /node_modules[\\/](@deck\.gl|@luma\.gl|@math\.gl|@loaders\.gl|@probe\.gl)[\\/]/],
  ['echarts', /node_modules[\\/](echarts|zrender)[\\/]/],
  ['react', /node_modules[\\/](react|react-dom|scheduler)[\\/]/],
  ['realtime', /node_modules[\\/](socket\.io-client|engine\.io-client|socket\.io-parser|engine\.io-parser|@socket\.io)[\\/]/],
];

export default defineConfig({
  root: path.join(root, 'client'),
  base: '/',
  plugins: [
    react(),
    // The field app installs and opens with no signal: its service worker precaches the page and what it loads.
    precacheManifest({
      page: 'worker',
      publicDir: path.join(root, 'client/public'),
      publicFiles: ['worker/manifest.webmanifest', 'worker/icon-192.png', 'worker/icon-512.png'],
    }),
  ],
  build: {
    outDir: path.join(root, 'dist/client'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        wall: path.join(root, 'client/wall/index.html'),
        console: path.join(root, 'client/console/index.html'),
        desk: path.join(root, 'client/desk/index.html'),
        worker: path.join(root, 'client/worker/index.html'),
        [SERVICE_WORKER_ENTRY]: path.join(root, 'client/worker/serviceWorker.ts'),
      },
      output: {
        // The service worker keeps one name: a browser checks that URL for a new release.
        entryFileNames: (chunk) => (chunk.name === SERVICE_WORKER_ENTRY ? SERVICE_WORKER_FILE : 'assets/[name]-[hash].js'),
        codeSplitting: {
          groups: VENDOR_CHUNKS.map(([name, test]) => ({ name, test })),
        },
      },
    },
  },
  // `npm run dev`: Vite on 5173 forwards the API and sockets to the server on PORT.
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${apiPort}`,
      '/socket.io': { target: `ws://127.0.0.1:${apiPort}`, ws: true },
    },
  },
});
