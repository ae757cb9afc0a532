import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest on a 2-core machine, longest first: system tests with processes of
 * their own and simulations in real time, mostly waiting. Started first, they overlap the many
 * short files instead of running alone at the end (a clean clone has no timings to order by).
 */
const SLOW_FIRST = [
  'npm-start',
  'redis-nodes',
  'simulated-workers',
  'simulated-desks',
  'fuzz-postgres',
  'accounts-cli',
  'durability',
  'deployment',
  'field-positions',
  'city-export',
  'city-import-nodes',
  'postgres-nodes',
  'fuzz',
  'sign-in',
  'three-hosts',
];

const rankOf = (spec: TestSpecification) => {
  const rank = SLOW_FIRST.indexOf(path.basename(spec.moduleId, '.test.ts'));
  return rank < 0 ? SLOW_FIRST.length : rank;
};

/** Vitest's order (project, then size or past timings), with the known slow files moved to the front. */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rankOf(a.spec) - rankOf(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}
