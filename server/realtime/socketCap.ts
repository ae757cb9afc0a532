import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger.ts';

type AllowRequest = (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => void;

/**
 * Engine.IO's allowRequest for a process that may hold at most `max` connections: a handshake
 * beyond it is refused (HTTP 403, "node full") so the phone can try another node. Without it a
 * node filled with phones runs out of file descriptors and then cannot accept any connection,
 * not even an officer's login. Only new handshakes pass here; open connections are untouched.
 */
export function socketCap(max: number | null, connections: () => number, logger: Logger): AllowRequest | undefined {
  if (max === null) return undefined;
  let full = false;
  return (_req, callback) => {
    const admit = connections() < max;
    if (!admit && !full) logger.warn({ max }, 'node full: refusing new socket connections');
    full = !admit;
    callback(admit ? null : `node full (${max} connections)`, admit);
  };
}
