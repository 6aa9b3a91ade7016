import type { GrpcClient } from '@omotenashi/grpc';
import type { paymentV1 } from '@omotenashi/proto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Delivery {
  provider: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the forwarder does with one delivery; the default sends it to ReceiveWebhook once. */
export type DeliveryPolicy = (delivery: Delivery, send: (delivery: Delivery) => Promise<void>) => Promise<void>;

export interface WebhookForwarder {
  /** Every delivery that reached the forwarder, in arrival order. */
  received: Delivery[];
  close(): Promise<void>;
}

const flatHeaders = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name.toLowerCase(), String(value)]])));

/**
 * Stands where the gateway's `POST /v1/payments/webhooks/{provider}` would: takes the sandbox PSP's
 * webhook POSTs on `port` and hands the raw body to payment's ReceiveWebhook over gRPC, answering 200
 * once stored (the PSP redelivers anything else).
 */
export async function startWebhookForwarder(
  port: number,
  payment: GrpcClient<paymentV1.PaymentServiceClient>,
  policy: DeliveryPolicy = (delivery, send) => send(delivery),
): Promise<WebhookForwarder> {
  const received: Delivery[] = [];
  const send = async (delivery: Delivery) => {
    await payment.call('receiveWebhook', delivery);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const provider = /^\/v1\/payments\/webhooks\/([a-z]+)$/.exec(req.url ?? '')?.[1];
      if (req.method !== 'POST' || !provider) {
        res.writeHead(404).end();
        return;
      }
      const delivery = { provider, headers: flatHeaders(req.headers), body: Buffer.concat(chunks) };
      received.push(delivery);
      policy(delivery, send).then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}'),
        (error: unknown) => res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
