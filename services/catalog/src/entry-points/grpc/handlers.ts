import type { UnaryHandlers } from '@omotenashi/grpc';
import type { catalogV1 } from '@omotenashi/proto';

/** The catalog's gRPC handlers; each area file supplies its own subset. */
export type CatalogHandlers = UnaryHandlers<catalogV1.CatalogServiceServer>;
export type HandlersOf<K extends keyof CatalogHandlers> = Pick<CatalogHandlers, K>;
