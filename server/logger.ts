import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs, one line per record, to stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'city-brain' } });
}

/** A URL fit for a log (a database's, Redis's): the password left out. */
export const redactedUrl = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@');
