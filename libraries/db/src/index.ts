export * from './data-source';
export * from './migrate';
export * from './pool-metrics';
export { PreparingClient, statementName, MAX_PREPARED_PER_CONNECTION } from './prepared-statements';
