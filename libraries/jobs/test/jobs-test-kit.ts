import { Writable } from 'node:stream';
import { createLogger } from '@omotenashi/logging';
import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import { closeAll, queuePrefix, type ConnectionOptions } from '@omotenashi/jobs';

/** One test file's Redis namespace, a logger whose lines the test can read, and shutdown of what it opened. */
export async function startJobsTest(label: string) {
  const infra: TestInfra = await createTestInfra(label);
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('jobs-test', {
    level: 'info',
    destination: new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
  });
  const opened: Array<{ close(): Promise<void> }> = [];
  return {
    infra,
    logger,
    lines,
    connection: { url: infra.redisUrl } as ConnectionOptions,
    prefix: (service: string) => queuePrefix(infra.redisKeyPrefix, service),
    track: <T extends { close(): Promise<void> }>(resource: T): T => (opened.push(resource), resource),
    async stop() {
      await closeAll(opened, { timeoutMs: 5_000 });
      await infra.cleanup();
    },
  };
}

/** Current value of one labelled series (0 when it does not exist); `series` picks e.g. a histogram's `_count`. */
export { metricValue } from '@omotenashi/metrics';
