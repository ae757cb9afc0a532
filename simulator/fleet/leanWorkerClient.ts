import WebSocket from 'ws';

/**
 * A grid worker's phone reduced to the wire: Engine.IO v4 / Socket.IO v5 spoken directly over
 * `ws`, about a third of socket.io-client's memory per connection, so one process can play
 * thousands of workers. It signs in to /worker, answers pings, acknowledges every broadcast at
 * once (delivered) and confirms it after a human-like delay.
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
}

const NAMESPACE = '/worker';
const CONNECT_TIMEOUT_MS = 60_000;
const PREFIX = `4${'2'}${NAMESPACE},`;

export function connectLeanWorker(options: LeanClientOptions): WebSocket {
  const wsUrl = `${options.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(wsUrl, { localAddress: options.localAddress, perMessageDeflate: false });
  let connected = false;
  const seen = new Set<string>();
  const giveUp = setTimeout(() => {
    if (connected) return;
    options.onFailed(`not connected within ${CONNECT_TIMEOUT_MS} ms`);
    ws.terminate();
  }, CONNECT_TIMEOUT_MS);
  ws.once('close', () => clearTimeout(giveUp));
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
    if (!text.startsWith(PREFIX)) return;
    const [event, payload] = JSON.parse(text.slice(PREFIX.length)) as [string, { id: string; sentAtMs: number }];
    if (event !== 'broadcast:new') return;
    const receivedAtMs = Date.now();
    ws.send(`${PREFIX}${JSON.stringify(['broadcast:delivered', payload.id])}`);
    if (seen.has(payload.id)) return;
    seen.add(payload.id);
    options.onBroadcast(payload.id, payload.sentAtMs, receivedAtMs);
    const delay = options.confirmDelayMs();
    if (delay !== null)
      setTimeout(() => {
        if (ws.readyState === WebSocket.OPEN) ws.send(`${PREFIX}${JSON.stringify(['broadcast:confirm', payload.id])}`);
      }, delay);
  });
  ws.on('error', (error) => {
    if (!connected) options.onFailed(error.message);
  });
  // A connection the server closes, or that never completes, is a failure to count, not a hang.
  ws.on('close', () => {
    if (!connected) options.onFailed('closed before connecting');
  });
  return ws;
}
