// The gRPC baseline's server: one unary method that answers an empty message at once, in its own
// process (like the booking server the gateway calls), so "req/s relative to this" shows what a gRPC
// hop costs on this machine before any work is done.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { NOOP_SERVICE } from './lib/grpc-noop.mjs';

const port = Number(process.env.PORT || 18091);
const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
server.addService(NOOP_SERVICE, { noop: (_call, callback) => callback(null, Buffer.alloc(0)) });
server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => {
  if (error) {
    console.error(`grpc-noop: ${error.message}`);
    process.exit(1);
  }
  console.log(`grpc-noop listening on 127.0.0.1:${port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.tryShutdown(() => process.exit(0)));
