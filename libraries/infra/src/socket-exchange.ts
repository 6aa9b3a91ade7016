import net from 'node:net';
import tls from 'node:tls';

export interface Endpoint {
  host: string;
  port: number;
  tls?: boolean;
}

/**
 * Opens a connection, writes `greeting` (if any) and collects what the server sends until `isComplete`
 * says the reply is whole. Rejects on connect errors, early close, or after `timeoutMs`. Used to probe
 * Redis and NATS without pulling their client libraries into the startup path.
 */
export function socketExchange(
  endpoint: Endpoint,
  greeting: string | undefined,
  isComplete: (received: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = endpoint.tls
      ? tls.connect({ host: endpoint.host, port: endpoint.port, servername: endpoint.host })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    let received = '';
    const finish = (error: Error | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(received);
    };
    const timer = setTimeout(() => finish(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    socket.once(endpoint.tls ? 'secureConnect' : 'connect', () => {
      if (greeting) socket.write(greeting);
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (isComplete(received)) finish(undefined);
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(Object.assign(new Error('connection closed before a reply'), { code: 'ECONNRESET' })));
  });
}
