/**
 * `npm run city -- export --out DIR`: the city in use — units, workers, departments, categories,
 * sensors — in open formats (server/city/cityExport.ts), for a city's GIS staff to check against
 * their own and to see the formats City Brain reads its city in.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cityExport } from '../city/cityExport.ts';
import { readConfig } from '../config.ts';
import { cityParts } from '../geo/cityParts.ts';

const USAGE = 'usage: npm run city -- export --out DIR';

class UsageError extends Error {}

function main(argv: string[]): string {
  const [command, ...rest] = argv;
  if (command !== 'export') throw new UsageError(command ? `unknown command: ${command}` : 'a command is required');
  const { values, positionals } = parseArgs({ args: rest, options: { out: { type: 'string' } }, allowPositionals: true });
  if (!values.out || positionals.length) throw new UsageError('export: --out DIR is required, and nothing else');
  const dir = values.out;
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`export: ${dir} is not empty; an export never overwrites files: name a new or empty directory`);
  const started = performance.now();
  const config = readConfig();
  const parts = cityParts(config.geoDir, config.citySeed);
  mkdirSync(dir, { recursive: true });
  const files = cityExport(parts, config.signInTargetMs);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const { geo, roster, sensorRegistry } = parts;
  return `exported ${geo.data.city.city.name} into ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${geo.districts.length} districts, ${geo.streets.length} streets, ${geo.communities.length} communities, ${geo.grids.length} grids, ${geo.microGrids.length} micro-grids, ${roster.size} workers, ${sensorRegistry.size} sensors`;
}

try {
  process.stdout.write(`${main(process.argv.slice(2))}\n`);
} catch (error) {
  process.stderr.write(error instanceof UsageError ? `${error.message}\n${USAGE}\n` : `city: ${(error as Error).message}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
