/**
 * Contact details a citizen may have typed into a description: mobile numbers (with or without
 * +86, spaced or dashed), landlines with an area code, 18-digit resident ID numbers, e-mail
 * addresses. What public readers of the city's events must never see.
 */
const PATTERNS: RegExp[] = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g,
  /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g,
  /(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)/g,
];

export const REDACTED = '[已隐去]';

export function redactContacts(text: string): string {
  return PATTERNS.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}
