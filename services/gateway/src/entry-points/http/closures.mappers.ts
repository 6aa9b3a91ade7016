import type { catalogV1 } from '@omotenashi/proto';
import type { ClosureJson, CreateClosureBody } from './closures.schemas';

export function toCreateClosureRequest(businessId: string, body: CreateClosureBody): catalogV1.CreateClosureRequest {
  return { businessId, fromDate: body.from, toDate: body.to, reason: body.reason ?? '', opens: body.opens ?? '', closes: body.closes ?? '' };
}

export function toClosureResponse(closure: catalogV1.Closure): ClosureJson {
  return {
    id: closure.id,
    business_id: closure.businessId,
    from: closure.fromDate,
    to: closure.toDate,
    reason: closure.reason,
    closed: !closure.opens,
    opens: closure.opens || null,
    closes: closure.closes || null,
    created_at: closure.createdAt,
  };
}
