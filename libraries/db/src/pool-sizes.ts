export type Environment = 'development' | 'test' | 'staging' | 'production';

/** Connection pool bounds per environment, from the seed (test keeps no idle connections between files). */
export const POOL_SIZES: Record<Environment, { min: number; max: number }> = {
  development: { min: 2, max: 10 },
  test: { min: 0, max: 10 },
  staging: { min: 5, max: 20 },
  production: { min: 10, max: 50 },
};
