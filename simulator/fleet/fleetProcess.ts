/**
 * One process of the simulated fleet: opens its share of worker connections (at most ~200
 * handshakes in flight), then reports to its parent over IPC: connections, and per broadcast how
 * many have it (polled) and their latencies (asked once). `raw` mode connects plain `ws` clients
 * to the floor server instead.
 */
import WebSocket from 'ws';
import { TokenIssuer } from '../../server/auth/tokens.ts';
import { connectLeanWorker } from './leanWorkerClient.ts';

interface Start {
  mode: 'socketio' | 'raw';
  url: string;
  workerIds: string[];
  localAddresses: string[];
  /** Signs tokens directly (the benchmark owns the server); empty to sign in through REST with `password`. */
  authSecret: string;
  password?: string;
  confirmDelayMs: [min: number, max: number];
}

const MAX_HANDSHAKES_IN_FLIGHT = 200;
const sockets: WebSocket[] = [];
const latencies = new Map<string, number[]>();

// The bench gone (finished or failed), nothing is left to measure.
process.once('disconnect', () => process.exit(0));
process.once('message', async (start: Start) => {
  // Signed for an hour: a token is checked when its phone connects, and the whole run connects well within it.
  const tokens = start.authSecret ? new TokenIssuer(start.authSecret, 3_600_000) : null;
  const tokenFor = async (username: string) => {
    // Demo workers' accounts are at version 0 as seeded.
    if (tokens) return tokens.issue({ username, role: 'worker', unit: username }, 0);
    const res = await fetch(`${start.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: start.password }) });
    if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  };
  let connected = 0;
  let failed = 0;
  let inFlight = 0;
  let next = 0;
  const record = (id: string, latencyMs: number) => {
    const list = latencies.get(id) ?? [];
    list.push(latencyMs);
    latencies.set(id, list);
  };
  await new Promise<void>((resolve) => {
    const done = () => {
      inFlight--;
      if (next < start.workerIds.length) open();
      else if (inFlight === 0) resolve();
    };
    const open = async () => {
      const index = next++;
      inFlight++;
      const localAddress = start.localAddresses[index % start.localAddresses.length];
      if (start.mode === 'raw') {
        const ws = new WebSocket(start.url, { localAddress, perMessageDeflate: false });
        let settled = false;
        ws.on('open', () => {
          if (settled) return;
          settled = true;
          connected++;
          done();
        });
        const fail = () => {
          if (settled) return;
          settled = true;
          failed++;
          done();
        };
        ws.on('error', fail);
        ws.on('close', fail);
        ws.on('message', (data: WebSocket.RawData) => {
          const { id, sentAtMs } = JSON.parse(data.toString()) as { id: string; sentAtMs: number };
          record(id, Date.now() - sentAtMs);
        });
        sockets.push(ws);
        return;
      }
      let token: string;
      try {
        token = await tokenFor(start.workerIds[index]!);
      } catch {
        failed++;
        return done();
      }
      const [min, max] = start.confirmDelayMs;
      let settled = false;
      sockets.push(
        connectLeanWorker({
          url: start.url,
          token,
          localAddress,
          confirmDelayMs: () => min + Math.random() * (max - min),
          onConnected: () => {
            if (settled) return;
            settled = true;
            connected++;
            done();
          },
          onFailed: () => {
            if (settled) return;
            settled = true;
            failed++;
            done();
          },
          onBroadcast: (id, sentAtMs, receivedAtMs) => record(id, receivedAtMs - sentAtMs),
        }),
      );
    };
    for (let i = 0; i < Math.min(MAX_HANDSHAKES_IN_FLIGHT, start.workerIds.length); i++) open();
  });
  process.send!({ type: 'connected', connected, failed, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) });
});

// Orphaned by a parent that died without saying goodbye: close rather than hold sockets forever.
process.once('disconnect', () => process.exit(0));

process.on('message', (message: { type: string; id?: string }) => {
  const received = latencies.get(message.id!) ?? [];
  if (message.type === 'received') process.send!({ type: 'received', id: message.id, answer: received.length });
  if (message.type === 'report') process.send!({ type: 'report', id: message.id, answer: received });
  if (message.type === 'close') {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
});
