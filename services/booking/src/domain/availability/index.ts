export { computeAvailability } from './compute-availability';
export type * from './availability.types';
