/**
 * The floors of bench:broadcast: a plain `ws` server that sends one pre-serialized buffer to every
 * client — the least work any server could do to reach them all — in its own process, as the
 * real server runs in its own. For the receipt floor the frame asks each client to answer, and the
 * server counts the answers (one small JSON frame each): the least work to reach everyone and know it.
 */
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, backlog: 4096 });
/** Per broadcast being counted: when it was sent, how many answers are expected and have come. */
const counting = new Map<string, { sentAtMs: number; expected: number; counted: number }>();
server.on('listening', () => process.send!({ type: 'listening', port: (server.address() as { port: number }).port }));
server.on('connection', (client) =>
  client.on('message', (data) => {
    const { receipt } = JSON.parse(data.toString()) as { receipt: string };
    const tally = counting.get(receipt);
    if (!tally) return;
    tally.counted++;
    if (tally.counted === tally.expected) {
      counting.delete(receipt);
      process.send!({ type: 'counted', id: receipt, allReceiptsCountedMs: Date.now() - tally.sentAtMs });
    }
  }),
);
// The bench gone (finished or failed), nothing is left to measure.
process.once('disconnect', () => process.exit(0));
process.on('message', (message: { type: string; id?: string; answer?: boolean }) => {
  if (message.type === 'send') {
    const sentAtMs = Date.now();
    if (message.answer) counting.set(message.id!, { sentAtMs, expected: server.clients.size, counted: 0 });
    const frame = Buffer.from(JSON.stringify({ id: message.id, sentAtMs, answer: message.answer === true, title: '暴雨红色预警', body: '请立即排查辖区低洼地带，转移危险区域群众。'.repeat(3) }));
    for (const client of server.clients) client.send(frame);
    process.send!({ type: 'sent', clients: server.clients.size });
  }
  if (message.type === 'close') server.close(() => process.exit(0));
});
