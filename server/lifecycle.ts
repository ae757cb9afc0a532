import type { Server as HttpServer } from 'node:http';
import type { Server as SocketServer } from 'socket.io';
import type { AppDeps } from './appDeps.ts';
import type { BroadcastService } from './broadcasts/broadcastService.ts';
import { sendApprovalsLeftUnsent } from './broadcasts/approvalRecovery.ts';
import type { Config } from './config.ts';
import type { FieldService } from './field/fieldService.ts';
import type { RetentionJob } from './retention/retentionJob.ts';
import type { WebhookDispatcher } from './webhooks/webhookDispatcher.ts';
import type { BroadcastPush } from './push/broadcastPush.ts';
import type { SmsLadder } from './sms/smsLadder.ts';
import type { DrainGate } from './http/drainGate.ts';
import type { LoadGauge } from './http/loadShedding.ts';
import type { FrontDoor } from './realtime/frontDoor.ts';
import type { ConsoleNamespace, WallNamespace, WorkerNamespace } from './realtime/namespaces.ts';
import type { OfficerDeskFeed } from './realtime/officerDeskFeed.ts';
import { SlowConsumerGuard } from './realtime/slowConsumers.ts';
import type { WallFeed } from './realtime/wallFeed.ts';
import type { ReplayRecorder } from './replay/replayRecorder.ts';
import { RepeatingTask } from './scheduling/repeatingTask.ts';

const MIB = 1024 * 1024;
/** How often every socket's send buffer is checked, ms: a stalled client holds at most a second's more. */
const SLOW_CONSUMER_CHECK_MS = 1000;
/** How often the alerts' lease holder puts right what a dead node left undone, ms. */
const ALERT_ROUND_MS = 5_000;

export interface LifecycleParts {
  deps: AppDeps;
  config: Config;
  http: HttpServer;
  io: SocketServer;
  door: FrontDoor;
  drain: DrainGate;
  load: LoadGauge;
  broadcasts: BroadcastService;
  field: FieldService;
  retention: RetentionJob;
  webhooks: WebhookDispatcher;
  push: BroadcastPush;
  sms: SmsLadder;
  wallFeed: WallFeed;
  replayRecorder: ReplayRecorder;
  deskFeed: OfficerDeskFeed;
  namespaces: { wallNsp: WallNamespace; consoleNsp: ConsoleNamespace; workerNsp: WorkerNamespace };
}

/**
 * A node's duties over time: the timers that run from the start (send buffers, the account gate,
 * the refresh-token sweep), what `start` begins once the store's state is loaded (broadcasts,
 * the SLA sweep, positions, the shared node and its alert rounds), and the graceful drain of
 * `close`: stop admitting, let requests finish, commit what phones were told is safe, then close.
 */
export function nodeLifecycle({ deps, config, http, io, door, drain, load, broadcasts, field, retention, webhooks, push, sms, wallFeed, replayRecorder, deskFeed, namespaces }: LifecycleParts): {
  start(): Promise<void>;
  close(): Promise<void>;
} {
  const { events, logger, trust, sensors, topology } = deps;
  const { wallNsp, consoleNsp, workerNsp } = namespaces;
  // The SLA sweep runs on its own clock (the broadcast parts start theirs in start()); a failed
  // tick is logged and the next one tries again.
  // Every node rolls its figures over at midnight; the node that leads the SLA duty escalates.
  const slaSweep = new RepeatingTask(
    () => events.sweep(topology.leads('sla')),
    (error) => logger.error({ err: error }, 'SLA sweep failed; trying again at the next'),
  );
  // What a node that died left undone with sensor alerts, put right by the node that leads that duty.
  const alertRounds = new RepeatingTask(
    async () => {
      if (topology.leads('alerts')) await sensors.reconcileAlerts();
    },
    (error) => logger.error({ err: error }, 'alert reconciliation failed; trying again at the next'),
  );
  // Approved broadcasts a node (this one, before a restart, or another) left unsent, sent by the node that leads the SLA duty.
  const approvalRounds = new RepeatingTask(
    async () => {
      if (topology.leads('sla')) await sendApprovalsLeftUnsent(deps.stores.drafts, broadcasts, deps.clock(), logger);
    },
    (error) => logger.error({ err: error }, 'sending approvals left unsent failed; trying again at the next round'),
  );
  // Bounded send buffers: a wall's 4 MiB is minutes of deltas; a phone's 1 MiB hundreds of
  // broadcasts, so phones are read every 5 s (a pass over 20,000 costs ≈ 10 ms).
  const slowConsumers = new SlowConsumerGuard(
    [
      { name: 'wall', nsp: wallNsp, maxBufferedBytes: 4 * MIB },
      { name: 'console', nsp: consoleNsp, maxBufferedBytes: 4 * MIB },
      { name: 'worker', nsp: workerNsp, maxBufferedBytes: MIB, everyNthPass: 5 },
    ],
    (namespace, closed) => logger.warn({ namespace, closed }, 'disconnected clients that stopped reading; they resync when back'),
  );
  slowConsumers.start(SLOW_CONSUMER_CHECK_MS, (error) => logger.error({ err: error }, 'checking send buffers failed; trying again'));
  trust.gate.start(config.accountPollMs);
  trust.signIn.start((error) => logger.error({ err: error }, 'sweeping expired refresh tokens failed'));

  return {
    start: async () => {
      await broadcasts.start({
        resendMs: config.broadcastResendMs,
        progressMs: config.wallCadenceMs,
        // Only the node that announces progress publishes, to every node's consoles.
        publish: (changed) => {
          for (const progress of changed) consoleNsp.emit('broadcast:progress', progress);
          wallFeed.noteBroadcastProgress(changed);
        },
      });
      slaSweep.start(config.slaSweepMs);
      field.start();
      await topology.start();
      alertRounds.start(ALERT_ROUND_MS);
      approvalRounds.start(ALERT_ROUND_MS);
      retention.start();
      replayRecorder.start();
      webhooks.start();
      push.start();
      sms.start();
    },
    close: async () => {
      // Stop admitting: readiness turns 503, the port stops listening, new sockets are refused.
      door.close();
      const closed = new Promise<void>((resolve, reject) => http.close((error) => (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? reject(error) : resolve())));
      const finished = await drain.drain(config.drainTimeoutMs);
      if (!finished) logger.warn({ requestsInFlight: drain.requestsInFlight, drainTimeoutMs: config.drainTimeoutMs }, 'requests still in flight at the end of the drain; closing anyway');
      slaSweep.stop();
      alertRounds.stop();
      approvalRounds.stop();
      retention.stop();
      push.stop();
      await sms.stop();
      // Attempts under way end (each within its timeout) and are recorded before the store closes.
      await webhooks.stop();
      trust.gate.stop();
      trust.signIn.stop();
      load.stop();
      slowConsumers.stop();
      wallFeed.stop();
      // The last deltas the walls were sent are kept for replay before the store closes.
      await replayRecorder.stop();
      deskFeed.stop();
      // Every position a phone was told is stored goes to disk before the store closes.
      await field.stop().catch((error: unknown) => logger.error({ err: error }, 'could not write the last patrol points at shutdown'));
      // Every receipt a phone was told is safe goes to disk before the sockets go.
      try {
        await broadcasts.stop();
      } catch (error) {
        logger.error({ err: error }, 'could not write the last receipts at shutdown');
      }
      void io.close();
      http.closeAllConnections();
      try {
        await closed;
      } finally {
        await topology.stop().catch((error: unknown) => logger.error({ err: error }, 'could not leave the other nodes cleanly'));
        await deps.stores.close();
      }
    },
  };
}
