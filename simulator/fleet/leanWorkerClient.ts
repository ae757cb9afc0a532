import WebSocket from 'ws';

/**
 * A grid worker's phone reduced to the wire: Engine.IO v4 / Socket.IO v5 spoken directly over
 * `ws`, about a third of socket.io-client's memory per connection, so one process can play
 * thousands of workers. It signs in to /worker, answers pings, sends a receipt for every broadcast
 * at once (delivered) and confirms it after a human-like delay, as the field app does; it sends
 * commands with acknowledgements (duty, positions) and hears of the tasks given to its worker.
 */
export interface LeanClientOptions {
  url: string;
  token: string;
  /** Loopback source address, so many processes do not run out of ephemeral ports. */
  localAddress?: string;
  /** Delay before confirming by hand, ms; null never confirms. */
  confirmDelayMs: () => number | null;
  onConnected: () => void;
  onFailed: (reason: string) => void;
  onBroadcast: (id: string, sentAtMs: number, receivedAtMs: number) => void;
  /** Ask an acknowledgement of each receipt and confirmation, as the field app did before. */
  receiptAcks?: boolean;
  /** A task given to this worker (task:assigned). */
  onTask?: (item: { task: { kind: 'verify' | 'handle'; assignedAtMs: number }; event: { id: string } }) => void;
}

export interface LeanWorker {
  readonly ws: WebSocket;
  /** Sends a command; its acknowledgement (or null if the connection is gone) to `onAck`. */
  emit(event: string, payload: unknown, onAck?: (answer: { ok: boolean; error?: string } | null) => void): void;
}

const NAMESPACE = '/worker';
const CONNECT_TIMEOUT_MS = 60_000;
const EVENT_PREFIX = `42${NAMESPACE},`;
const ACK_PREFIX = `43${NAMESPACE},`;

export function connectLeanWorker(options: LeanClientOptions): LeanWorker {
  const wsUrl = `${options.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(wsUrl, { localAddress: options.localAddress, perMessageDeflate: false });
  let connected = false;
  const seen = new Set<string>();
  const acks = new Map<number, (answer: { ok: boolean; error?: string } | null) => void>();
  let nextAckId = 0;
  const giveUp = setTimeout(() => {
    if (connected) return;
    options.onFailed(`not connected within ${CONNECT_TIMEOUT_MS} ms`);
    ws.terminate();
  }, CONNECT_TIMEOUT_MS);
  ws.once('close', () => {
    clearTimeout(giveUp);
    for (const ack of acks.values()) ack(null);
    acks.clear();
  });
  ws.on('message', (data: WebSocket.RawData) => {
    const text = data.toString();
    const type = text[0];
    if (type === '0') return void ws.send(`40${NAMESPACE},${JSON.stringify({ token: options.token })}`);
    if (type === '2') return void ws.send('3');
    if (text.startsWith(`40${NAMESPACE},`)) {
      connected = true;
      clearTimeout(giveUp);
      return options.onConnected();
    }
    if (text.startsWith(`44${NAMESPACE},`)) {
      options.onFailed(text.slice(4 + NAMESPACE.length));
      return void ws.close();
    }
    if (text.startsWith(ACK_PREFIX)) {
      const open = text.indexOf('[', ACK_PREFIX.length);
      const id = Number(text.slice(ACK_PREFIX.length, open));
      const ack = acks.get(id);
      acks.delete(id);
      return ack?.((JSON.parse(text.slice(open)) as [{ ok: boolean; error?: string }])[0]);
    }
    if (!text.startsWith(EVENT_PREFIX)) return;
    const [event, payload] = JSON.parse(text.slice(EVENT_PREFIX.length)) as [string, unknown];
    if (event === 'task:assigned') return options.onTask?.(payload as Parameters<NonNullable<LeanClientOptions['onTask']>>[0]);
    if (event !== 'broadcast:new') return;
    const broadcast = payload as { id: string; sentAtMs: number };
    const receivedAtMs = Date.now();
    // As the field app: receipts go unanswered (the resend round stands in for the delivered one's
    // acknowledgement, the inbox at the next connect for a confirmation's) — unless told to speak
    // the older protocol, which asks an answer of each.
    const answer = options.receiptAcks ? ignoreAnswer : undefined;
    worker.emit('broadcast:delivered', broadcast.id, answer);
    if (seen.has(broadcast.id)) return;
    seen.add(broadcast.id);
    options.onBroadcast(broadcast.id, broadcast.sentAtMs, receivedAtMs);
    const delay = options.confirmDelayMs();
    if (delay !== null) setTimeout(() => worker.emit('broadcast:confirm', broadcast.id, answer), delay);
  });
  ws.on('error', (error) => {
    if (!connected) options.onFailed(error.message);
  });
  // A connection the server closes, or that never completes, is a failure to count, not a hang.
  ws.on('close', () => {
    if (!connected) options.onFailed('closed before connecting');
  });
  const worker: LeanWorker = {
    ws,
    emit(event, payload, onAck) {
      if (ws.readyState !== WebSocket.OPEN) return onAck?.(null);
      if (!onAck) return ws.send(`${EVENT_PREFIX}${JSON.stringify([event, payload])}`);
      const id = nextAckId++;
      acks.set(id, onAck);
      ws.send(`${EVENT_PREFIX}${id}${JSON.stringify([event, payload])}`);
    },
  };
  return worker;
}

const ignoreAnswer = () => {};
