import type { Socket } from 'socket.io';
import type { Principal } from '../../common/domain/auth.ts';

/**
 * What a signed-in socket carries as its data (Socket.IO's fourth type parameter, set by
 * requireSocketRole before the connection is let in): who, the account version its token was
 * issued at, and the sign-in session it came from.
 */
export interface SocketIdentity {
  principal: Principal;
  version: number;
  /** The sign-in session its token came from (absent on tokens issued before sessions were named). */
  sessionId?: string;
  /** A grid worker's phone: the worker's roster index, set when the phone joins /worker. */
  workerIndex?: number;
}

/** A socket of a signed-in namespace, whatever its events. */
export type SignedInSocket = Socket<never, never, never, SocketIdentity>;

export const identityOf = (socket: SignedInSocket): SocketIdentity => socket.data;
