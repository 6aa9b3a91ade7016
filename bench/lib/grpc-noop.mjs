// The raw gRPC unary baseline: a service with one no-op method (bytes in, bytes out: no protobuf work),
// served by bench/grpc-noop-server.mjs and called here by a @grpc/grpc-js client over one channel, as
// the gateway calls booking, keeping `concurrency` calls in flight.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { credentials, Client } from '@grpc/grpc-js';
import { summarize } from './stats.mjs';

const identity = (buffer) => buffer;
const PATH = '/omotenashi.bench.v1.NoopService/Noop';

export const NOOP_SERVICE = {
  noop: {
    path: PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

/** Starts the server process; resolves when it listens. */
export async function startGrpcNoop(root, port) {
  const child = spawn(process.execPath, [path.join(root, 'bench', 'grpc-noop-server.mjs')], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => /listening/.test(String(chunk)) && resolve());
    child.once('exit', (code) => reject(new Error(`grpc-noop-server exited with code ${code}`)));
  });
  return child;
}

/** `concurrency` calls in flight for `durationSeconds`; every call has a 10 s deadline like autocannon's timeout. */
export async function loadGrpc({ address, concurrency, durationSeconds }) {
  const client = new Client(address, credentials.createInsecure());
  const call = () =>
    new Promise((resolve) => {
      const started = performance.now();
      client.makeUnaryRequest(PATH, identity, identity, Buffer.alloc(0), { deadline: Date.now() + 10_000 }, (error) => resolve({ ms: performance.now() - started, error }));
    });
  try {
    await call();
    const latencies = [];
    let errors = 0;
    const started = performance.now();
    const until = started + durationSeconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const { ms, error } = await call();
          if (error) errors++;
          else latencies.push(ms);
        }
      }),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    return {
      connections: concurrency,
      durationSeconds: elapsedSeconds,
      requests: latencies.length + errors,
      responses: latencies.length,
      reqPerSec: latencies.length / elapsedSeconds,
      latency: summarize(latencies),
      errors,
      errorRate: latencies.length + errors ? errors / (latencies.length + errors) : NaN,
      note: `${concurrency} unary calls in flight on one channel (@grpc/grpc-js client in the harness, server in its own process)`,
    };
  } finally {
    client.close();
  }
}
