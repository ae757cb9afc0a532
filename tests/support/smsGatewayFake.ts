import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake gateway was sent: the message and how it was authorised. */
export interface GatewayRequest {
  to: string;
  text: string;
  authorization: string | undefined;
  atMs: number;
}

/** An SMS gateway on loopback, speaking the generic adapter's protocol: `POST { to, text }`, answering 200 (or what `answer` says next). */
export async function startSmsGateway(): Promise<{ url: string; received: GatewayRequest[]; answers: number[]; close(): Promise<void> }> {
  const received: GatewayRequest[] = [];
  const answers: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = answers.shift() ?? 200;
      if (status < 300) received.push({ ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; text: string }), authorization: req.headers.authorization, atMs: Date.now() });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    received,
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
