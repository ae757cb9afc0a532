/**
 * CSV as spreadsheets write and read it (RFC 4180): fields quoted when they hold a comma, a quote
 * or a line break, lines ended by CRLF or LF. Written in UTF-8 with a BOM, so a spreadsheet opens
 * Chinese text as Chinese; read with or without one.
 */
const BOM = '\uFEFF';
export const CSV_BOM = BOM;

type Cell = string | number | null | undefined;

const field = (value: Cell) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first) made
 * text with a leading apostrophe: an export of what citizens wrote must not execute in the
 * officer's spreadsheet (CSV injection). Numbers stay numbers.
 */
const inert = (value: Cell): Cell => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** One CSV line (CRLF-ended) of an export meant for spreadsheets, formulas neutralised. */
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map((cell) => field(inert(cell))).join(',')}\r\n`;
}

export function writeCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(row.map(field).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** One record of a CSV file, with the line it starts on (1 is the header). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The records of a CSV text, header first; a quote left open is an error naming its line. */
export function readCsv(text: string): CsvRecord[] {
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let value = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(value);
    // A blank line (or the file's last line ending) holds no record.
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    value = '';
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        value += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        value += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && value === '') quoted = true;
    else if (ch === ',') {
      fields.push(value);
      value = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else value += ch;
    i++;
  }
  if (quoted) throw new Error(`line ${recordLine}: a quoted field is never closed`);
  if (value !== '' || fields.length > 0) endRecord();
  return records;
}
