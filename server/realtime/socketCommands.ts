import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import { type Ack, ackError } from '../../common/ack.ts';
import type { NamespaceName } from '../../common/socketCatalogue.ts';
import { SOCKET_COMMANDS, type SocketPayloadSchema } from '../../common/socketCommands.ts';
import { describeZodError } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import type { SignedInSocket, SocketIdentity } from './socketIdentity.ts';

type Commands<N extends NamespaceName> = (typeof SOCKET_COMMANDS)[N];
type PayloadOf<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One handler per client → server event of a namespace, given the checked payload, the socket it
 * came on and whether the client asked for an answer; what it returns is the ack. Written once per
 * namespace, shared by all its sockets.
 */
export type CommandHandlers<N extends NamespaceName> = {
  [E in keyof Commands<N>]: (payload: PayloadOf<Commands<N>[E]>, socket: SignedInSocket, answered: boolean) => Ack | Promise<Ack>;
};

/**
 * Serves a namespace's commands on each of its sockets. Each payload is checked against the
 * catalogue's schema before its handler runs: a bad one is answered `{ ok: false, error }` naming
 * the field and changes nothing. A handler that throws is logged and answered "internal error" —
 * never a crash, never a silent client left waiting. A command sent without an acknowledgement
 * callback is still carried out (a receipt is worth having even unanswered); refusals then go to
 * the log. An event the catalogue does not know is refused, as on a namespace that serves nothing.
 *
 * One socket middleware per socket does it all, after the rate limit (registered on connection
 * before it): no listener and no closure per command and socket — at 100,000 phones the
 * per-socket listeners were ≈ 5 KB of each connection's ≈ 18 KB of heap. A command never reaches
 * Socket.IO's emitter; the socket's own `disconnect` and the like still do.
 */
export function serveCommands<N extends NamespaceName>(nsp: Namespace<never, never, never, SocketIdentity>, namespace: N, handlers: CommandHandlers<N>, logger: Logger): void {
  const schemas = SOCKET_COMMANDS[namespace] as Record<string, SocketPayloadSchema>;
  const byEvent = handlers as Record<string, (payload: unknown, socket: SignedInSocket, answered: boolean) => Ack | Promise<Ack>>;
  const failed = (ack: AckFn | null, event: string, error: unknown) => {
    logger.error({ err: error, event }, 'socket command failed');
    answer(ack, ackError('internal error'), event, logger);
  };
  const serve = (socket: SignedInSocket, packet: unknown[]): void => {
    const event = packet[0];
    const args = packet.slice(1);
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as AckFn) : null;
    if (typeof event !== 'string' || !Object.hasOwn(schemas, event)) return refuseUnknown(ack, event, logger);
    // As Socket.IO's own dispatch: nothing is handled for a socket that has gone.
    if (!socket.connected) return;
    const checked = checkPayload(schemas[event]!, args);
    if (!checked.ok) return answer(ack, ackError(`${event}: ${checked.error}`), event, logger);
    let result: Ack | Promise<Ack>;
    try {
      result = byEvent[event]!(checked.payload, socket, ack !== null);
    } catch (error) {
      return failed(ack, event, error);
    }
    if (result instanceof Promise)
      result.then(
        (reply) => answer(ack, reply, event, logger),
        (error: unknown) => failed(ack, event, error),
      );
    else answer(ack, result, event, logger);
  };
  nsp.on('connection', (socket) => socket.use((packet) => serve(socket, packet as unknown[])));
}

/** An unknown event's name is echoed back at most this long. */
const MAX_ECHOED_NAME = 64;

/**
 * A namespace that serves nothing (the main namespace `/`): every event is answered `{ ok: false,
 * error: 'unknown event: <name>' }` when the client asks for an answer, and dropped — never a
 * client left waiting. A socket middleware, so it runs after the rate limit and the refusal costs
 * what any other event does.
 */
export function serveNothing(nsp: Namespace, logger: Logger): void {
  nsp.on('connection', (socket: Socket) =>
    socket.use((packet) => {
      const ack = typeof packet.at(-1) === 'function' ? (packet.at(-1) as AckFn) : null;
      refuseUnknown(ack, packet[0], logger);
    }),
  );
}

function refuseUnknown(ack: AckFn | null, event: unknown, logger: Logger): void {
  const name = String(event).slice(0, MAX_ECHOED_NAME);
  answer(ack, ackError(`unknown event: ${name}`), name, logger);
}

type AckFn = (answer: Ack) => void;

function answer(ack: AckFn | null, reply: Ack, event: string, logger: Logger): void {
  if (ack) ack(reply);
  else if (!reply.ok) logger.debug({ event, error: reply.error }, 'socket command refused (no ack to answer)');
}

function checkPayload(schema: SocketPayloadSchema, args: unknown[]): { ok: true; payload: unknown } | { ok: false; error: string } {
  if (schema === null) return args.length === 0 ? { ok: true, payload: undefined } : { ok: false, error: 'takes no arguments besides the acknowledgement' };
  if (args.length > 1) return { ok: false, error: `takes one argument, got ${args.length}` };
  const parsed = schema.safeParse(args[0]);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, error: describeZodError(parsed.error).replace(/^body: /, 'payload: ') };
}
