import type { Express } from 'express';

interface Layer {
  rawPath?: string;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every route the running server's Express app has, as "METHOD /path" (path patterns as written). */
export function routesOf(express: Express): string[] {
  const app = express as unknown as { router: { stack: Layer[] } };
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) for (const path of paths) out.push(`${method.toUpperCase()} ${prefix}${path === '/' && prefix ? '' : path}`);
      } else if (layer.handle.stack) walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : (layer.rawPath ?? '')));
    }
  };
  walk(app.router.stack, '');
  return [...new Set(out)].sort();
}
