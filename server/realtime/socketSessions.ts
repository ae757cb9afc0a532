import type { Socket } from 'socket.io';
import type { AccountGate } from '../auth/accountGate.ts';
import type { Logger } from '../logger.ts';
import { identityOf } from './socketAuth.ts';

/**
 * Signed-in sockets by account, so that an account disabled (or reset) anywhere — this node, the
 * admin CLI, another node — has its open sockets closed as soon as the gate hears of it, not
 * when they next reconnect.
 */
export class SocketSessions {
  private readonly byUsername = new Map<string, Set<Socket>>();

  constructor(
    private readonly gate: AccountGate,
    private readonly logger: Logger,
  ) {
    gate.onChange((username) => {
      this.closeRevoked(username).catch((error: unknown) => logger.error({ err: error, username }, 'could not check sockets of a changed account'));
    });
  }

  add(socket: Socket): void {
    const { username } = identityOf(socket).principal;
    const sockets = this.byUsername.get(username) ?? new Set();
    sockets.add(socket);
    this.byUsername.set(username, sockets);
    socket.once('disconnect', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.byUsername.get(username) === sockets) this.byUsername.delete(username);
    });
  }

  /** Closes the account's sockets whose sign-in is no longer admitted; resolves to how many. */
  async closeRevoked(username: string): Promise<number> {
    const sockets = this.byUsername.get(username);
    if (!sockets) return 0;
    let closed = 0;
    for (const socket of [...sockets]) {
      if (await this.gate.admitted(username, identityOf(socket).version)) continue;
      socket.disconnect(true);
      closed++;
    }
    if (closed) this.logger.info({ username, closed }, 'closed the sockets of a disabled or reset account');
    return closed;
  }
}
