/**
 * The floor of bench:broadcast: a plain `ws` server that sends one pre-serialized buffer to every
 * client — the least work any server could do to reach them all — in its own process, as the
 * real server runs in its own.
 */
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, backlog: 4096 });
server.on('listening', () => process.send!({ type: 'listening', port: (server.address() as { port: number }).port }));
// The bench gone (finished or failed), nothing is left to measure.
process.once('disconnect', () => process.exit(0));
process.on('message', (message: { type: string; id?: string }) => {
  if (message.type === 'send') {
    const frame = Buffer.from(JSON.stringify({ id: message.id, sentAtMs: Date.now(), title: '暴雨红色预警', body: '请立即排查辖区低洼地带，转移危险区域群众。'.repeat(3) }));
    for (const client of server.clients) client.send(frame);
    process.send!({ type: 'sent', clients: server.clients.size });
  }
  if (message.type === 'close') server.close(() => process.exit(0));
});
