import { Metadata } from '@grpc/grpc-js';
import { acceptRequestId, currentContext, REQUEST_ID_HEADER, type RequestContext } from '@omotenashi/logging';

const BUSINESS_ID_KEY = 'omotenashi-business-id';
const TRACEPARENT_KEY = 'traceparent';

/** Outgoing: the current request's id, business and trace travel with every call. */
export function metadataFromContext(context: RequestContext | undefined = currentContext()): Metadata {
  const metadata = new Metadata();
  if (!context) return metadata;
  metadata.set(REQUEST_ID_HEADER, context.requestId);
  if (context.businessId) metadata.set(BUSINESS_ID_KEY, context.businessId);
  if (context.traceparent) metadata.set(TRACEPARENT_KEY, context.traceparent);
  return metadata;
}

/** Incoming: rebuild the caller's context (a fresh request id when the caller sent none). */
export function contextFromMetadata(metadata: Metadata): RequestContext {
  const first = (key: string) => metadata.get(key)[0]?.toString();
  return {
    requestId: acceptRequestId(first(REQUEST_ID_HEADER)),
    businessId: first(BUSINESS_ID_KEY),
    traceparent: first(TRACEPARENT_KEY),
  };
}
