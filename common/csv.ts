/**
 * CSV as spreadsheets read it (RFC 4180), for what the server exports and the pages download:
 * fields quoted when they must be, lines ended by CRLF, UTF-8 with a BOM so a spreadsheet opens
 * Chinese text as Chinese.
 */
export const CSV_BOM = '\uFEFF';

export type CsvCell = string | number | null | undefined;

/** A field, quoted when it holds a comma, a quote or a line break. */
export const csvField = (value: CsvCell) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first) made
 * text with a leading apostrophe: an export of what citizens wrote must not execute in the
 * officer's spreadsheet (CSV injection). Numbers stay numbers.
 */
const inert = (value: CsvCell): CsvCell => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** One CSV line (CRLF-ended) of an export meant for spreadsheets, formulas neutralised. */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map((cell) => csvField(inert(cell))).join(',')}\r\n`;
}
