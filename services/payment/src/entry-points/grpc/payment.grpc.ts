import { unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { paymentV1 } from '@omotenashi/proto';

export const PAYMENT_SERVICE_NAME = 'omotenashi.payment.v1.PaymentService';

export function paymentGrpcService(providers: string[], logger: Logger) {
  return {
    name: PAYMENT_SERVICE_NAME,
    definition: paymentV1.PaymentServiceService,
    implementation: unaryService<paymentV1.PaymentServiceServer>(
      PAYMENT_SERVICE_NAME,
      { listProviders: async () => ({ providers, defaultProvider: providers[0] }) },
      logger,
    ),
  };
}
