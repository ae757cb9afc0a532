/**
 * `npm run city -- <command>`: the city a deployment serves, in open formats.
 *
 *   export --out DIR                                 the city in use: units, workers, departments,
 *                                                    categories, sensors (server/city/cityExport.ts)
 *   import DIR [--crs wgs84|gcj02|bd09] [--dry-run]  checks the files DIR holds against each other
 *                                                    and the city in use; stores them as a new city
 *                                                    version only when nothing is wrong
 *
 * Works on the deployment's DATA_DIR or DATABASE_URL, fresh or in use, like `accounts`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Crs } from '../../common/geo/crs.ts';
import { AuditLog } from '../audit/auditLog.ts';
import { cityExport } from '../city/cityExport.ts';
import { CITY_FILES, type CityFiles, checkCityImport } from '../city/cityImport.ts';
import { loadCityInUse, loadCityModelInUse } from '../city/cityInUse.ts';
import { encodeCityVersion } from '../city/cityVersion.ts';
import { problemLines } from '../city/importReport.ts';
import { readConfig } from '../config.ts';
import { openStores, type Stores } from '../store/stores.ts';

const USAGE = `usage: npm run city -- export --out DIR
       npm run city -- import DIR [--crs wgs84|gcj02|bd09] [--dry-run]`;

class UsageError extends Error {}

/** The import found problems: the report is printed and nothing changed. */
class RefusedError extends Error {}

const seconds = (startedMs: number) => `${((performance.now() - startedMs) / 1000).toFixed(1)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'export') return exportCity(rest);
  if (command === 'import') return importCity(rest);
  throw new UsageError(command ? `unknown command: ${command}` : 'a command is required');
}

async function withStores<T>(work: (stores: Stores, config: ReturnType<typeof readConfig>) => Promise<T>): Promise<T> {
  // Only where the data is matters here, never the signing secret: it runs in a production shell as is.
  const config = readConfig({ ...process.env, NODE_ENV: undefined });
  const stores = await openStores(config);
  try {
    return await work(stores, config);
  } finally {
    await stores.close();
  }
}

async function exportCity(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
  if (!values.out || positionals.length) throw new UsageError('export: --out DIR is required, and nothing else');
  const dir = values.out;
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`export: ${dir} is not empty; an export never overwrites files: name a new or empty directory`);
  const started = performance.now();
  await withStores(async (stores, config) => {
    const parts = await loadCityInUse(config, stores.cityVersions);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(cityExport(parts, config.signInTargetMs))) writeFileSync(path.join(dir, name), text);
    const { geo, roster, sensorRegistry } = parts;
    say(
      `exported ${geo.city.name} (${parts.version ? `city version ${parts.version}` : 'the generated city'}) into ${dir} in ${seconds(started)}: ${geo.districts.length} districts, ${geo.streets.length} streets, ${geo.communities.length} communities, ${geo.grids.length} grids, ${geo.microGrids.length} micro-grids, ${roster.size} workers, ${sensorRegistry.size} sensors`,
    );
  });
}

async function importCity(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { crs: { type: 'string', default: 'wgs84' }, 'dry-run': { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('import: name one folder, DIR');
  const crs = Crs.safeParse(values.crs);
  if (!crs.success) throw new UsageError(`--crs: one of ${Crs.options.join(', ')}`);
  const dir = positionals[0]!;
  if (!existsSync(dir)) throw new UsageError(`import: ${dir} does not exist`);
  const files: CityFiles = {};
  for (const name of CITY_FILES) if (existsSync(path.join(dir, name))) files[name] = readFileSync(path.join(dir, name), 'utf8');
  const given = Object.keys(files);
  if (given.length === 0) throw new UsageError(`import: ${dir} holds none of ${CITY_FILES.join(', ')}`);
  const started = performance.now();
  await withStores(async (stores, config) => {
    const current = await loadCityModelInUse(config, stores.cityVersions);
    say(`importing ${given.join(', ')} from ${dir} (${crs.data.toUpperCase()}) over ${current.version ? `city version ${current.version}` : 'the generated city'}`);
    const result = checkCityImport(files, current, crs.data, (stage) => process.stderr.write(`  ${seconds(started)}  ${stage}…\n`));
    for (const line of [...problemLines('error', result.errors), ...problemLines('warning', result.warnings)]) say(line);
    if (!result.data || !result.counts)
      throw new RefusedError(`nothing changed: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'} to fix in ${dir} (checked in ${seconds(started)})`);
    const counts = result.counts;
    const summary = `${counts.districts} districts, ${counts.streets} streets, ${counts.communities} communities, ${counts.grids} grids, ${counts.microGrids} micro-grids, ${counts.workers} workers (${result.addedWorkers.length} new, ${result.removedWorkers.length} no longer listed)`;
    if (values['dry-run']) return say(`dry run, nothing stored: the files are a valid city of ${summary} (checked in ${seconds(started)})`);
    const importedBy = `cli:${os.userInfo().username}`;
    const version = await stores.cityVersions.add(
      { importedAtMs: Date.now(), importedBy, source: path.resolve(dir), counts, warnings: result.warnings.length, data: encodeCityVersion(result.data) },
      result.removedWorkers,
    );
    await new AuditLog(stores.audit, Date.now).record({
      actor: importedBy,
      address: 'cli',
      action: 'city.imported',
      target: `v${version}`,
      detail: { ...counts, files: given.join(','), crs: crs.data },
    });
    say(`stored city version ${version}: ${summary}, in ${seconds(started)}`);
    say('running nodes turn to it within seconds, one after another; new workers sign their phones in with codes from `npm run accounts -- enrol-workers`');
  });
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n${USAGE}\n`);
  else process.stderr.write(`city: ${(error as Error).message}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
