export * from './grpc-server';
export * from './grpc-client';
export * from './unary-handler';
export * from './health-client';
export * from './require-uuid';
