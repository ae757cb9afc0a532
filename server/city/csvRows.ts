import { readCsv } from './csv.ts';
import type { ImportProblem } from './importReport.ts';

/** One data row of a city's CSV file: its line, a column's value (trimmed; '' for a column the file lacks), and a problem reported against it. */
export interface CsvRow {
  line: number;
  value(column: string): string;
  problem(message: string): void;
}

/**
 * The data rows of one of a city's CSV files, each able to read its columns by name and report a
 * problem with its line. A file that cannot be read, is empty, or whose header lacks one of
 * `required` (in any order; others may follow) gives no rows, with the problem reported.
 */
export function csvRows(file: string, text: string, required: readonly string[], errors: ImportProblem[]): CsvRow[] {
  let records: ReturnType<typeof readCsv>;
  try {
    records = readCsv(text);
  } catch (error) {
    errors.push({ file, where: 'file', message: (error as Error).message });
    return [];
  }
  const header = records[0]?.fields;
  if (!header) {
    errors.push({ file, where: 'file', message: 'is empty: a header line is needed' });
    return [];
  }
  const at = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = required.filter((name) => !at.has(name));
  if (missing.length) {
    errors.push({ file, where: 'line 1', message: `the header lacks ${missing.join(', ')} (it needs ${required.join(',')})` });
    return [];
  }
  return records.slice(1).map(({ line, fields }) => ({
    line,
    value: (column) => {
      const i = at.get(column);
      return i === undefined ? '' : (fields[i] ?? '').trim();
    },
    problem: (message) => errors.push({ file, where: `line ${line}`, message }),
  }));
}
