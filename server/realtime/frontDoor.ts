import type { EventEmitter } from 'node:events';
import { type IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Server as SocketServer, Socket } from 'socket.io';
import type { Logger } from '../logger.ts';

/** Engine.IO's stand-in response to a WebSocket upgrade: its request, and the TCP socket it listens to. */
interface UpgradeResponse extends EventEmitter {
  req: unknown;
  socket?: EventEmitter;
}

/**
 * Engine.IO's response to an upgrade lives as long as the connection — the TCP socket's `close`
 * listener re-emits on it — and keeps the whole HTTP request, ≈ 1.2 KB or more. Nothing reads
 * either past this, the last (and only) Engine.IO middleware, and no one listens to the response's
 * own `close`: the request is dropped, and so is that listener, and the response with it (its
 * listener table, the closure and `once`'s wrapper: ≈ 0.6 KB a connection).
 */
function letGoOfUpgradeResponse(res: UpgradeResponse): void {
  res.req = null;
  if (!res.socket || res.listenerCount('close') > 0) return;
  // Added by the response's constructor just before the middlewares run: the newest, and it only re-emits.
  const reEmit = res.socket.listeners('close').at(-1) as ((...args: unknown[]) => void) | undefined;
  if (reEmit && /\.emit\(["']close["']\)/.test(String(reEmit))) res.socket.removeListener('close', reEmit);
}

/**
 * Engine.IO leaves a do-nothing `error` listener from the upgrade (`onUpgradeError`) on every
 * WebSocket for the connection's life; its transport has its own by then.
 */
function dropUpgradeErrorListener(conn: Conn): void {
  const ws = (conn.transport as unknown as { socket?: EventEmitter } | undefined)?.socket;
  if (!ws || ws.listenerCount('error') < 2) return;
  for (const listener of ws.listeners('error')) if (listener.name === 'onUpgradeError') ws.removeListener('error', listener as (...args: unknown[]) => void);
}

type AllowRequest = (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => void;

export interface FrontDoorLimits {
  /** Signed-in connections this process holds at most; null: no cap. */
  maxSockets: number | null;
  /** Connections still signing in (handshake done, no namespace joined) held at most. */
  maxPending: number;
  /** Connections one address may open per minute that end without signing in. */
  unsignedPerAddressPerMin: number;
  /**
   * A connection not signed in to an authenticated namespace within this is closed, ms; so is one
   * whose last signed-in namespace it left and that has not signed in again within it.
   */
  signInTimeoutMs: number;
}

/** Engine.IO's per-connection object, as far as the door needs it. */
type Conn = Socket['conn'];

/** What the door knows of one connection: signed in at all, on how many namespaces now, and its sign-in timer. */
interface ConnState {
  /** Where it came from, for the allowance of connections that end without a sign-in. */
  address: string;
  signed: boolean;
  namespaces: number;
  timer: NodeJS.Timeout | null;
}

/**
 * The sockets' front door. Only signed-in connections count toward MAX_SOCKETS; a connection that
 * has not signed in to an authenticated namespace (/wall, /console, /worker) within
 * SOCKET_SIGNIN_TIMEOUT_MS is closed — whatever else it did meanwhile: a handshake alone, or
 * sockets on the main namespace `/`, which admits anyone and serves nothing — and while signing
 * in it counts toward a small separate allowance. A connection that leaves its last signed-in
 * namespace but stays open has the same window to sign in again. An address whose connections
 * keep ending without a sign-in is refused for a while. So a flood of anonymous connections
 * cannot take the places of phones and walls.
 */
export class FrontDoor {
  private signedIn = 0;
  private pending = 0;
  private readonly states = new WeakMap<Conn, ConnState>();
  private readonly unsigned: RateLimiterMemory;
  private full = false;
  private closing = false;

  /**
   * One listener for every connection's close and one for every socket's disconnect (`this` is the
   * connection, the socket): a closure per connection costs ≈ 0.3 KB at 100,000 phones.
   */
  private readonly connClosed: (this: Conn) => void;
  private readonly socketLeft: (this: Socket) => void;

  constructor(
    private readonly limits: FrontDoorLimits,
    private readonly addressOf: (req: IncomingMessage) => string,
    private readonly logger: Logger,
  ) {
    this.unsigned = new RateLimiterMemory({ keyPrefix: 'unsigned-handshakes', points: limits.unsignedPerAddressPerMin, duration: 60 });
    const door = this;
    this.connClosed = function (this: Conn) {
      door.connectionEnded(this);
    };
    this.socketLeft = function (this: Socket) {
      door.leftNamespace(this.conn);
    };
  }

  get counts(): { signedIn: number; pending: number } {
    return { signedIn: this.signedIn, pending: this.pending };
  }

  /** Engine.IO's allowRequest: refused (HTTP 403) when full, too many are signing in, or the address is shut out. */
  readonly allowRequest: AllowRequest = (req, callback) => {
    if (this.closing) return callback('node shutting down: connect to another', false);
    const full = this.limits.maxSockets !== null && this.signedIn >= this.limits.maxSockets;
    if (full !== this.full) this.logger.warn({ max: this.limits.maxSockets }, full ? 'node full: refusing new socket connections' : 'node has room again');
    this.full = full;
    if (full) return callback(`node full (${this.limits.maxSockets} connections)`, false);
    if (this.pending >= this.limits.maxPending) return callback('too many connections signing in: try again shortly', false);
    const address = this.addressOf(req);
    this.unsigned.get(address).then(
      (res) => {
        if (res && res.consumedPoints >= this.limits.unsignedPerAddressPerMin)
          callback(`too many connections without a sign-in from ${address}: try again in ${Math.ceil(res.msBeforeNext / 1000)} s`, false);
        else callback(null, true);
      },
      () => callback(null, true),
    );
  };

  /** Draining: every new connection is refused from now on. */
  close(): void {
    this.closing = true;
  }

  /** Follows every Engine.IO connection from its handshake to its close. */
  attach(io: SocketServer): void {
    // A polling response keeps its own request; an upgrade's stand-in response is let go.
    io.engine.use((_req: IncomingMessage, res: unknown, next: (error?: unknown) => void) => {
      if (!(res instanceof ServerResponse)) letGoOfUpgradeResponse(res as UpgradeResponse);
      next();
    });
    io.engine.on('connection', (conn: Conn) => {
      dropUpgradeErrorListener(conn);
      this.pending++;
      const address = this.addressOf(conn.request);
      // The handshake's HTTP request is not needed past this point (the address is taken, tokens
      // ride in `auth`); Engine.IO would keep it for the connection's life.
      (conn as { request: unknown }).request = null;
      this.states.set(conn, { address, signed: false, namespaces: 0, timer: this.signInTimer(conn) });
      conn.on('close', this.connClosed);
    });
  }

  private connectionEnded(conn: Conn): void {
    const state = this.states.get(conn);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    if (state.signed) this.signedIn--;
    else {
      this.pending--;
      this.unsigned.consume(state.address).catch(() => {});
    }
  }

  /** Left a signed-in namespace: the last one left, the connection still open (on `/`, say), it has the window again. */
  private leftNamespace(conn: Conn): void {
    const state = this.states.get(conn);
    if (state && --state.namespaces === 0 && conn.readyState === 'open' && !state.timer) state.timer = this.signInTimer(conn);
  }

  /** A namespace admitted this socket: its connection now counts as signed in, for as long as it stays on a signed-in namespace. */
  signedInOn(socket: Socket): void {
    const { conn } = socket;
    const state = this.states.get(conn);
    if (!state) return;
    state.namespaces++;
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    if (!state.signed) {
      state.signed = true;
      this.pending--;
      this.signedIn++;
    }
    socket.on('disconnect', this.socketLeft);
  }

  private signInTimer(conn: Conn): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const state = this.states.get(conn);
      if (state) state.timer = null;
      conn.close();
    }, this.limits.signInTimeoutMs);
    timer.unref();
    return timer;
  }
}
