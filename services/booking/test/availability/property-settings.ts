/**
 * Property runs are deterministic: one seed for the whole suite (fast-check prints it, with the
 * failing path, on failure). Reproduce or explore with FC_SEED=<n> npx jest services/booking/test/availability.
 */
const seed = Number(process.env.FC_SEED ?? 20_270_314);

export const PROPERTY_RUNS = {
  many: { numRuns: 1000, seed },
  some: { numRuns: 300, seed },
};
