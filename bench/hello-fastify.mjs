// The HTTP baseline: a bare Fastify hello-world on loopback, started by bench/run.mjs in its own process
// (like the gateway), so "req/s relative to this" shows what the platform's work costs on this machine.
import Fastify from 'fastify';

const port = Number(process.env.PORT || 18090);
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port });
console.log(`hello-fastify listening on http://127.0.0.1:${port}`);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => app.close().then(() => process.exit(0)));
