import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { type Ack, ackError } from '../../common/ack.ts';
import type { NamespaceName } from '../../common/socketCatalogue.ts';
import { SOCKET_COMMANDS, type SocketPayloadSchema } from '../../common/socketCommands.ts';
import { describeZodError } from '../http/errors.ts';
import type { Logger } from '../logger.ts';

type Commands<N extends NamespaceName> = (typeof SOCKET_COMMANDS)[N];
type PayloadOf<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One handler per client → server event of a namespace, given the checked payload; what it returns is the ack. */
export type CommandHandlers<N extends NamespaceName> = {
  [E in keyof Commands<N>]: (payload: PayloadOf<Commands<N>[E]>) => Ack | Promise<Ack>;
};

/**
 * Serves a namespace's commands on one socket. Each payload is checked against the catalogue's
 * schema before its handler runs: a bad one is answered `{ ok: false, error }` naming the field
 * and changes nothing. A handler that throws is logged and answered "internal error" — never a
 * crash, never a silent client left waiting. A command sent without an acknowledgement callback
 * is still carried out (a receipt is worth having even unanswered); refusals then go to the log.
 */
export function serveCommands<N extends NamespaceName>(socket: Socket, namespace: N, handlers: CommandHandlers<N>, logger: Logger): void {
  const schemas = SOCKET_COMMANDS[namespace] as Record<string, SocketPayloadSchema>;
  const byEvent = handlers as Record<string, (payload: unknown) => Ack | Promise<Ack>>;
  for (const [event, schema] of Object.entries(schemas)) socket.on(event, commandListener(event, schema, byEvent[event]!, logger));
  refuseUnknownEvents(socket, knownEventsOf(namespace), logger);
}

/** The catalogue's client → server events of each namespace, as sets (made once, not per socket). */
const KNOWN_EVENTS = new Map<NamespaceName, ReadonlySet<string>>();
const knownEventsOf = (namespace: NamespaceName): ReadonlySet<string> => KNOWN_EVENTS.get(namespace) ?? KNOWN_EVENTS.set(namespace, new Set(Object.keys(SOCKET_COMMANDS[namespace]))).get(namespace)!;

/** An unknown event's name is echoed back at most this long. */
const MAX_ECHOED_NAME = 64;

/**
 * An event the namespace does not know (not in its catalogue) is answered `{ ok: false, error:
 * 'unknown event: <name>' }` when the client asks for an answer, and dropped: never a client left
 * waiting. A socket middleware, so it runs after the rate limit (registered on connection before
 * it) and the refusal costs what any other event does. `known` empty: every event is unknown
 * (the main namespace `/`, which serves nothing).
 */
export function refuseUnknownEvents(socket: Socket, known: ReadonlySet<string>, logger: Logger): void {
  socket.use((packet, next) => {
    const event = packet[0] as unknown;
    if (typeof event === 'string' && known.has(event)) return next();
    const name = String(event).slice(0, MAX_ECHOED_NAME);
    answer(typeof packet.at(-1) === 'function' ? (packet.at(-1) as AckFn) : null, ackError(`unknown event: ${name}`), name, logger);
  });
}

/**
 * One event's listener. Kept lean — a city-wide broadcast brings two of these per phone within
 * seconds: no closures made per call, and a handler that answers at once is answered at once.
 */
function commandListener(event: string, schema: SocketPayloadSchema, handle: (payload: unknown) => Ack | Promise<Ack>, logger: Logger) {
  const failed = (ack: AckFn | null) => (error: unknown) => {
    logger.error({ err: error, event }, 'socket command failed');
    answer(ack, ackError('internal error'), event, logger);
  };
  return (...args: unknown[]): void => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as AckFn) : null;
    const checked = checkPayload(schema, args);
    if (!checked.ok) return answer(ack, ackError(`${event}: ${checked.error}`), event, logger);
    let result: Ack | Promise<Ack>;
    try {
      result = handle(checked.payload);
    } catch (error) {
      return failed(ack)(error);
    }
    if (result instanceof Promise) result.then((reply) => answer(ack, reply, event, logger), failed(ack));
    else answer(ack, result, event, logger);
  };
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
