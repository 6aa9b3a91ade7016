export * from './data-source';
export * from './migrate';
export * from './pool-metrics';
