/** One problem a city import found: the file, where in it (a unit's code, a CSV line) and what is wrong, with the offending value. */
export interface ImportProblem {
  file: string;
  where: string;
  message: string;
}

/** Problems listed in a report, per kind; the rest are counted. */
export const PROBLEMS_LISTED = 100;

/** The report's lines for one kind of problem: the first PROBLEMS_LISTED and how many more. */
export function problemLines(label: string, problems: readonly ImportProblem[]): string[] {
  if (problems.length === 0) return [];
  const lines = [`${problems.length} ${label}${problems.length === 1 ? '' : 's'}${problems.length > PROBLEMS_LISTED ? ` (the first ${PROBLEMS_LISTED} listed)` : ''}:`];
  for (const p of problems.slice(0, PROBLEMS_LISTED)) lines.push(`  ${p.file} ${p.where}: ${p.message}`);
  if (problems.length > PROBLEMS_LISTED) lines.push(`  … and ${problems.length - PROBLEMS_LISTED} more`);
  return lines;
}
