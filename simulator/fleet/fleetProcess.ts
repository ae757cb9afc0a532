/**
 * One process of the simulated fleet: opens its share of worker connections (at most ~200
 * handshakes in flight), then reports to its parent over IPC: connections, and per broadcast how
 * many have it (polled) and their latencies (asked once). With `field`, its workers also patrol
 * their grids on shifts, report and verify (fieldRound.ts), on the clock the parent tells. `raw`
 * mode connects plain `ws` clients to the floor server instead (answering a receipt when a frame asks).
 */
import WebSocket from 'ws';
import { TokenIssuer } from '../../server/auth/tokens.ts';
import { FieldRound, type PatrolReport, type PhoneAuth } from './fieldRound.ts';
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
  /** Phones ask an acknowledgement of each receipt and confirmation (the field app's older protocol). */
  receiptAcks?: boolean;
  /** Patrols: per worker (as workerIds), points inside their grid (interleaved lng/lat) and their shift. */
  field?: { waypoints: number[][]; shifts: number[] };
}

/** What the parent may ask of a process, besides the broadcast figures. */
type Request =
  | { type: 'received' | 'report'; id: string }
  | { type: 'close' }
  | { type: 'clock'; simNowMs: number; speed: number }
  | { type: 'patrolReport'; requestId: number; report: PatrolReport }
  | { type: 'fieldTally' }
  | { type: 'fieldPlan'; onDuty: boolean | null; sendOffDuty: boolean }
  | { type: 'fieldBurst'; windowMs: number };

const MAX_HANDSHAKES_IN_FLIGHT = 200;
const sockets: WebSocket[] = [];
const latencies = new Map<string, number[]>();
let round: FieldRound | null = null;

// The bench gone (finished or failed), nothing is left to measure.
process.once('disconnect', () => process.exit(0));
process.once('message', async (start: Start) => {
  // Signed for an hour: a token is checked when its phone connects, and the whole run connects well within it.
  const tokens = start.authSecret ? new TokenIssuer(start.authSecret, 3_600_000) : null;
  const tokenFor = async (username: string): Promise<PhoneAuth> => {
    // Demo workers' accounts are at version 0 as seeded.
    if (tokens) return { token: tokens.issue({ username, role: 'worker', unit: username }, 0) };
    const res = await fetch(`${start.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: start.password }) });
    if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
    return (await res.json()) as PhoneAuth;
  };
  const field = start.field;
  if (field) round = new FieldRound(start.url, Math.random);
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
      if (next < start.workerIds.length) void open();
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
          const { id, sentAtMs, answer } = JSON.parse(data.toString()) as { id: string; sentAtMs: number; answer: boolean };
          record(id, Date.now() - sentAtMs);
          // The receipt floor: the least a phone could answer.
          if (answer) ws.send(JSON.stringify({ receipt: id }));
        });
        sockets.push(ws);
        return;
      }
      const workerId = start.workerIds[index]!;
      let auth: PhoneAuth;
      try {
        auth = await tokenFor(workerId);
      } catch {
        failed++;
        return done();
      }
      const [min, max] = start.confirmDelayMs;
      let settled = false;
      const phone = connectLeanWorker({
        url: start.url,
        token: auth.token,
        localAddress,
        confirmDelayMs: () => min + Math.random() * (max - min),
        receiptAcks: start.receiptAcks === true,
        onConnected: () => {
          if (settled) return;
          settled = true;
          connected++;
          if (field) round!.add(workerId, phone, auth, field.waypoints[index]!, field.shifts[index]!);
          done();
        },
        onFailed: () => {
          if (settled) return;
          settled = true;
          failed++;
          done();
        },
        onBroadcast: (id, sentAtMs, receivedAtMs) => record(id, receivedAtMs - sentAtMs),
        onTask: (item) => round?.taskGiven(workerId, item.event.id, item.task.kind),
      });
      sockets.push(phone.ws);
    };
    for (let i = 0; i < Math.min(MAX_HANDSHAKES_IN_FLIGHT, start.workerIds.length); i++) void open();
  });
  round?.start();
  process.send!({ type: 'connected', connected, failed, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) });
});

// Orphaned by a parent that died without saying goodbye: close rather than hold sockets forever.
process.once('disconnect', () => process.exit(0));

process.on('message', (message: Request) => {
  if (message.type === 'received') process.send!({ type: 'received', id: message.id, answer: (latencies.get(message.id) ?? []).length });
  if (message.type === 'report') process.send!({ type: 'report', id: message.id, answer: latencies.get(message.id) ?? [] });
  if (message.type === 'clock') round?.setClock(message.simNowMs, message.speed);
  if (message.type === 'patrolReport') void (round?.report(message.report) ?? Promise.resolve(null)).then((answer) => process.send!({ type: 'patrolReported', requestId: message.requestId, answer }));
  if (message.type === 'fieldPlan') round?.setPlan(message);
  if (message.type === 'fieldBurst') round?.burst(message.windowMs);
  if (message.type === 'fieldTally') process.send!({ type: 'fieldTally', tally: round?.tally ?? null, ackMs: round?.ackMs.splice(0) ?? [] });
  if (message.type === 'close') {
    round?.stop();
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
});
