import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

export const PAGES = ['wall', 'console', 'desk', 'worker'] as const;

/**
 * Serves the built client (Vite multi-page output): /wall, /console, /desk and /worker each get their
 * page; hashed assets are cached for a year, the pages themselves never. The worker page is an
 * installable app: its manifest, icons and service worker (`/worker/sw.js`) are served from the build too.
 */
export function clientPages(clientDir: string): Router {
  const router = Router();
  if (!existsSync(path.join(clientDir, 'wall', 'index.html'))) {
    router.get(['/', ...PAGES.map((page) => `/${page}`)], (_req, res) => {
      res.status(503).type('text/plain; charset=utf-8').send('客户端尚未构建 / client not built: run `npm run build` (npm start does it for you).');
    });
    return router;
  }
  router.get('/', (_req, res) => res.redirect('/wall'));
  for (const page of PAGES)
    router.get([`/${page}`, `/${page}/`], (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(clientDir, page, 'index.html'));
    });
  router.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d' }));
  // The field app's service worker controls /worker (not only /worker/), and is checked for a new release on every open.
  const serviceWorker = path.join(clientDir, 'worker', 'sw.js');
  router.use(
    express.static(clientDir, {
      index: false,
      setHeaders: (res, file) => file === serviceWorker && res.set({ 'Service-Worker-Allowed': '/worker', 'Cache-Control': 'no-cache' }),
    }),
  );
  return router;
}
