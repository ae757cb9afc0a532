import type { Socket } from 'socket.io';
import type { AccountGate } from '../auth/accountGate.ts';
import { CompactMultimap } from '../collections/compactMultimap.ts';
import type { Logger } from '../logger.ts';
import { identityOf } from './socketIdentity.ts';

/**
 * Signed-in sockets by account, so that an account disabled (or reset) anywhere — this node, the
 * admin CLI, another node — has its open sockets closed as soon as the gate hears of it, not
 * when they next reconnect; and by sign-in session, so that signing out (or a stolen refresh
 * token seen) closes the sockets that session opened on this node.
 */
export class SocketSessions {
  private readonly byUsername = new CompactMultimap<string, Socket>();
  private readonly bySession = new CompactMultimap<string, Socket>();

  /** One listener for every socket's disconnect (`this` is the socket), not a closure per socket. */
  private readonly forget: (this: Socket) => void;

  constructor(
    private readonly gate: AccountGate,
    private readonly logger: Logger,
  ) {
    const sessions = this;
    this.forget = function (this: Socket) {
      const { principal, sessionId } = identityOf(this);
      sessions.byUsername.delete(principal.username, this);
      if (sessionId !== undefined) sessions.bySession.delete(sessionId, this);
    };
    gate.onChange((username) => {
      this.closeRevoked(username).catch((error: unknown) => logger.error({ err: error, username }, 'could not check sockets of a changed account'));
    });
  }

  add(socket: Socket): void {
    const { principal, sessionId } = identityOf(socket);
    this.byUsername.add(principal.username, socket);
    if (sessionId !== undefined) this.bySession.add(sessionId, socket);
    socket.on('disconnect', this.forget);
  }

  /** Closes the sockets a signed-out session opened on this node; how many. */
  closeSession(sessionId: string): number {
    const sockets = this.bySession.get(sessionId);
    for (const socket of sockets) socket.disconnect(true);
    if (sockets.length) this.logger.info({ closed: sockets.length }, 'closed the sockets of a signed-out session');
    return sockets.length;
  }

  /** Closes the account's sockets whose sign-in is no longer admitted; resolves to how many. */
  async closeRevoked(username: string): Promise<number> {
    let closed = 0;
    for (const socket of this.byUsername.get(username)) {
      if (await this.gate.admitted(username, identityOf(socket).version)) continue;
      socket.disconnect(true);
      closed++;
    }
    if (closed) this.logger.info({ username, closed }, 'closed the sockets of a disabled or reset account');
    return closed;
  }
}
