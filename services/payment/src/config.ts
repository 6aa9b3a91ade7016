import { baseEnvSchema, GRPC_DEFAULT_PORTS, grpcServerEnv, loadConfig, z } from '@omotenashi/config';

export const PAYMENT_PROVIDERS = ['sandbox', 'stripe'] as const;

export const paymentEnvSchema = baseEnvSchema.extend({
  ...grpcServerEnv(GRPC_DEFAULT_PORTS.payment),
  /** Comma-separated providers this deployment enables; the first is the default. */
  PAYMENT_PROVIDERS: z
    .string()
    .default('sandbox')
    .transform((value) => value.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.enum(PAYMENT_PROVIDERS)).min(1, { message: 'name at least one provider' })),
});

export type PaymentConfig = ReturnType<typeof loadPaymentConfig>;

export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(paymentEnvSchema, env);
}
