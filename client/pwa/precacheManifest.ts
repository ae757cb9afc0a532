import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** The rollup input name of the field app's service worker, built to `worker/sw.js`. */
export const SERVICE_WORKER_ENTRY = 'sw';
export const SERVICE_WORKER_FILE = 'worker/sw.js';
/** The text the service worker's source holds in place of its precache list (as Workbox's own tools expect it). */
const PLACEHOLDER = 'self.__WB_MANIFEST';
/** Fonts come as ≈ 100 unicode-range files: cached as the page uses them, not all at install. */
const RUNTIME_CACHED = /\.(woff2?|ttf|otf)$/;

interface Chunk {
  type: 'chunk';
  fileName: string;
  code: string;
  imports: string[];
  facadeModuleId: string | null;
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}
interface Asset {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}

const revisionOf = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex').slice(0, 16);

/**
 * Puts the field app's precache list into its service worker, as Workbox's injectManifest does:
 * the `/worker` page, every chunk, stylesheet and asset it loads at once (hashed names: no
 * revision needed), and its manifest and icons from `publicFiles` (revisioned by content). What the
 * page loads later (the pin map's MapLibre) is cached by the service worker when first used.
 */
export function precacheManifest(options: { page: string; publicDir: string; publicFiles: string[] }): Plugin {
  return {
    name: 'city-brain:precache-manifest',
    apply: 'build',
    enforce: 'post',
    generateBundle(_output, bundle) {
      const files = bundle as unknown as Record<string, Chunk | Asset>;
      const html = files[`${options.page}/index.html`];
      const entry = Object.values(files).find((f): f is Chunk => f.type === 'chunk' && (f.facadeModuleId ?? '').endsWith(`/${options.page}/index.html`));
      const worker = files[SERVICE_WORKER_FILE];
      if (html?.type !== 'asset' || !entry || worker?.type !== 'chunk') return this.error(`precache: the ${options.page} page, its entry chunk or ${SERVICE_WORKER_FILE} is missing from the build`);
      // A service worker is registered as a classic script, which cannot import: it must be one file.
      if (worker.imports.length > 0) return this.error(`precache: ${SERVICE_WORKER_FILE} imports ${worker.imports.join(', ')}; it must stand alone`);
      const hashed = new Set<string>();
      const visit = (fileName: string) => {
        const file = files[fileName];
        if (!file || hashed.has(fileName)) return;
        hashed.add(fileName);
        if (file.type !== 'chunk') return;
        for (const imported of file.imports) visit(imported);
        for (const css of file.viteMetadata?.importedCss ?? []) visit(css);
        for (const asset of file.viteMetadata?.importedAssets ?? []) visit(asset);
      };
      visit(entry.fileName);
      const list = [
        { url: `/${options.page}/index.html`, revision: revisionOf(html.source) },
        ...[...hashed].filter((f) => !RUNTIME_CACHED.test(f)).map((fileName) => ({ url: `/${fileName}`, revision: null })),
        ...options.publicFiles.map((file) => ({ url: `/${file}`, revision: revisionOf(readFileSync(path.join(options.publicDir, file))) })),
      ];
      const parts = worker.code.split(PLACEHOLDER);
      if (parts.length !== 2) return this.error(`precache: ${SERVICE_WORKER_FILE} must name ${PLACEHOLDER} exactly once (found ${parts.length - 1})`);
      worker.code = parts.join(JSON.stringify(list));
    },
  };
}
