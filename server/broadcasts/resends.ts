import type { WorkerNamespace } from '../realtime/namespaces.ts';
import { RepeatingTask } from '../scheduling/repeatingTask.ts';
import type { Presence } from './presence.ts';
import type { BroadcastRegistry } from './registry.ts';
import { NONE } from './tracking.ts';
import { toWorker } from './workerBroadcast.ts';

/** What the resender is built from. */
export interface ResenderOptions {
  registry: BroadcastRegistry;
  presence: Presence;
  workers: WorkerNamespace;
  clock: () => number;
  onError: (error: unknown) => void;
}

/**
 * Resend rounds: what connected workers have not acknowledged, of the active broadcasts sent at
 * least one round ago — a round that fell just after a city-wide send would otherwise send it a
 * second time to the 100,000 phones still being reached. The sockets are this node's own, so each
 * is written to directly: addressed by room, every resend would also travel to every other node
 * through the cluster adapter, one message per worker per round.
 */
export class Resender {
  private readonly task: RepeatingTask;
  private roundMs = 0;
  private readonly registry: BroadcastRegistry;
  private readonly presence: Presence;
  private readonly workers: WorkerNamespace;
  private readonly clock: () => number;

  constructor({ registry, presence, workers, clock, onError }: ResenderOptions) {
    this.registry = registry;
    this.presence = presence;
    this.workers = workers;
    this.clock = clock;
    this.task = new RepeatingTask(() => this.resend(this.roundMs), onError);
  }

  /** Sends again what is unacknowledged, of the broadcasts sent at least `minAgeMs` ago; returns how many messages. */
  resend(minAgeMs = 0): number {
    const sentBefore = this.clock() - minAgeMs;
    const due = [...this.registry.all()].filter((t) => t.broadcast.state === 'active' && t.broadcast.sentAtMs <= sentBefore).map((t) => ({ t, message: toWorker(t.broadcast) }));
    let sent = 0;
    if (due.length === 0) return sent;
    for (const [index, sockets] of this.presence.online.groups())
      for (const { t, message } of due) {
        if (!t.targeted[index] || t.status[index] !== NONE) continue;
        for (const socketId of sockets) {
          const socket = this.workers.sockets.get(socketId);
          if (!socket) continue;
          socket.emit('broadcast:new', message);
          sent++;
        }
      }
    return sent;
  }

  /** A round every `roundMs`, each for the broadcasts at least a round old. */
  start(roundMs: number): void {
    this.roundMs = roundMs;
    this.task.start(roundMs);
  }

  stop(): void {
    this.task.stop();
  }
}
