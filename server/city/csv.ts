/**
 * CSV as spreadsheets write and read it (RFC 4180): fields quoted when they hold a comma, a quote
 * or a line break, lines ended by CRLF or LF. Written in UTF-8 with a BOM, so a spreadsheet opens
 * Chinese text as Chinese; read with or without one.
 */
import { CSV_BOM, type CsvCell, csvField } from '../../common/csv.ts';

export { CSV_BOM, csvLine } from '../../common/csv.ts';

export function writeCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

/** One record of a CSV file, with the line it starts on (1 is the header). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The records of a CSV text, header first; a quote left open is an error naming its line. */
export function readCsv(text: string): CsvRecord[] {
  const source = text.startsWith(CSV_BOM) ? text.slice(1) : text;
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
