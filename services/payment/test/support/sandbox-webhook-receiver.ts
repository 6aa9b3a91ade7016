import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  rawBody: Buffer;
  headers: Record<string, string>;
  eventId: string;
  status: number;
}

/**
 * A local endpoint for the sandbox's webhook deliveries: records each POST with its raw body and
 * answers with what `respond` decides (by default 200), so tests can fail some attempts on purpose.
 */
export async function startWebhookReceiver(respond: (eventId: string, attempt: number) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      let eventId = '';
      try {
        eventId = String(JSON.parse(rawBody.toString('utf8')).id);
      } catch {
        eventId = '(unparseable)';
      }
      const attempt = (attempts.get(eventId) ?? 0) + 1;
      attempts.set(eventId, attempt);
      const status = respond(eventId, attempt);
      received.push({ rawBody, headers: flatten(req.headers), eventId, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/payments/webhooks/sandbox`;
  return {
    url,
    received,
    /** Event ids answered with 2xx, in arrival order. */
    delivered: () => received.filter((r) => r.status < 300).map((r) => r.eventId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
}
