export * from './app-error';
export * from './problem';
export * from './grpc-status';
