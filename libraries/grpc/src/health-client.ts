import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

const HealthClient = makeGenericClientConstructor(healthService as never, 'grpc.health.v1.Health');

/** Asks a server's grpc.health.v1 whether it is SERVING (a readiness probe for the gateway and tests). */
export class GrpcHealthProbe {
  private readonly client: InstanceType<typeof HealthClient>;

  constructor(target: string) {
    this.client = new HealthClient(target, credentials.createInsecure());
  }

  check(serviceName = '', timeoutMs = 1_000): Promise<boolean> {
    type Check = (request: object, options: object, callback: (error: ServiceError | null, response?: { status?: string | number }) => void) => void;
    const methods = this.client as unknown as Record<string, Check | undefined>;
    const check = (methods.check ?? methods.Check) as Check;
    return new Promise((resolve) => {
      check.call(
        this.client,
        { service: serviceName },
        { deadline: new Date(Date.now() + timeoutMs) },
        (error, response) => {
          resolve(!error && (response?.status === 'SERVING' || response?.status === 1));
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
