/**
 * `npm run dev`: the API server on PORT (3000) and Vite's dev server with hot reload on 5173,
 * which proxies /api and /socket.io to it (see vite.config.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { readConfigOrExit } from './config.ts';
import { startServer, stopOnSignals } from './index.ts';
import { createLogger } from './logger.ts';

const DEV_PORT = 5173;
const config = readConfigOrExit();
const logger = createLogger(config.logLevel);
const server = await startServer(config, logger);
stopOnSignals(server, logger);
const vite = await createServer({ configFile: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../vite.config.ts'), server: { port: DEV_PORT, strictPort: true } });
await vite.listen();
process.stdout.write(`\n  dev: open http://localhost:${DEV_PORT}/wall/ (API on ${server.url})\n\n`);
