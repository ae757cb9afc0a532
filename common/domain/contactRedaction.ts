/**
 * Contact details a citizen may have typed into a description: mobile numbers, landlines with an
 * area code, local numbers right after a word such as 电话 or 座机, 18-digit resident ID numbers,
 * e-mail addresses. What public readers of the city's events must never see.
 *
 * Numbers are found in the shapes people type them: ASCII or full-width digits (１３９…), grouped
 * by spaces (ASCII, no-break, ideographic), dashes (ASCII, full-width －, typographic), dots or
 * middle dots (138.1234.5678), the area code in brackets ((0371), （0371）), with +86, ＋８６, 0086
 * or 86 before. What is not a phone number stays: dates (2026-12-06), times, amounts (3.5 米),
 * event ids (EV000000042), short numbers (110, 12345), coordinates.
 */

/** A digit, ASCII or full-width. */
const D = '[0-9０-９]';
/** Not inside a longer number or a code (EV000000042). */
const NOT_BEFORE = '(?<![0-9０-９A-Za-zＡ-Ｚａ-ｚ])';
const NOT_AFTER = '(?![0-9０-９])';
const SPACE = '[ \\t\\u00a0\\u3000]{0,2}';
/** Between two digits of a number: a little space around at most one dash or dot. */
const SEP = `${SPACE}(?:[-－‐‑‒–—―−.．·・]${SPACE})?`;
const OPEN = '[(（]';
const CLOSE = '[)）]';
/** China's country code: +86, ＋８６, 0086, 86, bracketed or not. */
const PLUS_86 = `(?:${OPEN}${SPACE})?(?:(?:[+＋]|00|００)${SPACE})?(?:86|８６)(?:${SPACE}${CLOSE})?`;
/** n digits with separators allowed between any two. */
const digits = (n: string) => `${D}(?:${SEP}${D})${n}`;

const PATTERNS: RegExp[] = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  // Resident ID: 17 digits and a check digit or X.
  new RegExp(`${NOT_BEFORE}${D}{17}[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])`, 'g'),
  // Mobile: 1[3-9] and 9 more digits, 11 in all.
  new RegExp(`${NOT_BEFORE}(?:${PLUS_86}${SEP})?[1１]${SEP}[3-9３-９]${SEP}${digits('{8}')}${NOT_AFTER}`, 'g'),
  // Landline: an area code (0371, 010; after +86 its 0 may go) and a local number of 7 or 8 digits.
  new RegExp(
    `${NOT_BEFORE}(?:${PLUS_86}${SEP}(?:${OPEN}${SPACE}[0０]${SPACE}${CLOSE}${SPACE})?(?:${OPEN}${SPACE})?[0０]?${D}{2,3}|(?:${OPEN}${SPACE})?[0０]${D}{2,3})(?:${SPACE}${CLOSE})?${SEP}${digits('{6,7}')}${NOT_AFTER}`,
    'g',
  ),
  // A local number without its area code, where the text says it is one: 电话 6555 1234, 座机：6555-1234.
  new RegExp(`(?<=(?:电话|手机|座机|固话|联系方式|联系|号码|[Tt][Ee][Ll]|[Pp]hone)[^0-9０-９\\n]{0,6})[2-9２-９]${D}{2,3}${SEP}${D}{4}${NOT_AFTER}`, 'g'),
];

export const REDACTED = '[已隐去]';

export function redactContacts(text: string): string {
  return PATTERNS.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}
